package dev.vigil;

import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.alert.AlertHub;
import dev.vigil.alert.AlertHubConfig;
import dev.vigil.alert.Messages;
import dev.vigil.analysis.AnalysisConfig;
import dev.vigil.delivery.DeliveryService;
import dev.vigil.analysis.AnalysisService;
import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.anomaly.Zone;
import dev.vigil.api.AlertApi;
import dev.vigil.api.AlertSocket;
import dev.vigil.api.JsonDirectHandler;
import dev.vigil.api.AllowedOrigins;
import dev.vigil.api.AuthApi;
import dev.vigil.api.AuthFilter;
import dev.vigil.api.SecurityHeadersFilter;
import dev.vigil.auth.AccessControl;
import dev.vigil.auth.AttemptLimiter;
import dev.vigil.auth.AuthConfig;
import dev.vigil.store.JdbcCredentialStore;
import dev.vigil.api.ApiErrors;
import dev.vigil.api.CorsFilter;
import dev.vigil.api.OriginCheckedWsUpgrader;
import dev.vigil.api.DeliveryApi;
import dev.vigil.api.ServerApi;
import dev.vigil.api.StreamApi;
import dev.vigil.media.Decoders;
import dev.vigil.media.Gstreamer;
import dev.vigil.media.PipelineTemplates;
import dev.vigil.media.WebRtcConfig;
import dev.vigil.observe.Meters;
import dev.vigil.observe.Observability;
import dev.vigil.observe.ProcessFigures;
import dev.vigil.observe.Readiness;
import dev.vigil.stream.StreamAnalysis;
import dev.vigil.stream.StreamConfig;
import dev.vigil.store.StoreConfig;
import dev.vigil.stream.StreamRegistry;
import dev.vigil.anomaly.ViolenceModel;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
import dev.vigil.vision.PersonDetector;
import io.helidon.config.Config;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.staticcontent.StaticContentService;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

/** Wiring only: configuration to components to the server. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Running vigil = start(Config.create());
        // SIGTERM / SIGINT: the graceful shutdown below (the web server's own hook is off, so the
        // sockets stay open until they were told why their streams ended).
        Runtime.getRuntime().addShutdownHook(new Thread(vigil::close, "vigil-shutdown"));
        System.out.println("Vigil listening on http://localhost:" + vigil.port() + "/");
    }

    /** A started server and the parts that must be closed with it. */
    public record Running(WebServer server, StreamRegistry registry, AlertHub hub, PoseModel model,
                          AlertStorage storage, DeliveryService delivery, AnalysisService analysis,
                          ViolenceModel violenceModel, PersonDetector detector, Meters meters,
                          Duration shutdownTimeout) implements AutoCloseable {
        public int port() {
            return server.port();
        }

        /**
         * Graceful shutdown within shutdownTimeout: offers answer 503 from the first moment, every
         * stream is closed with reason server_shutdown, the sockets get those messages before they
         * are closed, then the server stops and the model is freed.
         */
        @Override
        public void close() {
            long started = System.nanoTime();
            registry.stopAccepting();
            boolean streamsClosed = registry.closeAll(shutdownTimeout.multipliedBy(3).dividedBy(4));
            // The outbox stores and publishes the alerts it still holds before the sockets are drained.
            storage.closeOutbox();
            Duration left = shutdownTimeout.minusNanos(System.nanoTime() - started);
            boolean drained = hub.awaitDrained(left.isNegative() ? Duration.ZERO : left);
            server.stop();
            // After the outbox stored what it had; what a channel has in hand stays after its cursor.
            delivery.close();
            hub.close();
            storage.close();
            if (model != null) {
                model.close();
            }
            if (violenceModel != null) {
                violenceModel.close();
            }
            if (detector != null) {
                detector.close();
            }
            if (analysis != null) {
                analysis.close();
            }
            meters.registry().close();
            // stdout, not the log: in a shutdown hook java.util.logging may already be reset.
            System.out.println("Vigil shut down in " + (System.nanoTime() - started) / 1_000_000 + " ms"
                    + (streamsClosed ? "" : "; some streams did not close in time")
                    + (drained ? "" : "; some socket messages were not sent in time"));
        }
    }

    /** A deleted user keeps nothing open: their streams end, then their sockets (after the stream_closed). */
    static void endDeletedUser(StreamRegistry registry, AlertHub hub, String userId) {
        registry.closeUser(userId, "user_deleted");
        hub.closeUser(userId, Messages.error("user_deleted", "this user was deleted"),
                AlertSocket.POLICY_VIOLATION, "user_deleted");
    }

    public static Running start(Config config) {
        Config vigil = config.get("vigil");
        Gstreamer.init();
        Decoders.apply(WebRtcConfig.stringList(vigil.get("media.decoders")));
        PipelineTemplates templates = new PipelineTemplates(Path.of(vigil.get("pipelines-dir").asString().orElse("pipelines")));
        StreamConfig streamConfig = StreamConfig.from(vigil.get("streams"));
        WebRtcConfig webRtcConfig = WebRtcConfig.from(vigil.get("webrtc"));
        long maxBodyBytes = vigil.get("api.max-body-bytes").asLong().orElse(262_144L);
        AllowedOrigins allowedOrigins = AllowedOrigins.of(WebRtcConfig.stringList(vigil.get("api.cors-origins")));
        Duration shutdownTimeout = vigil.get("shutdown-timeout").as(Duration.class).orElse(Duration.ofSeconds(10));
        Meters meters = Meters.create();
        meters.gauge("vigil.process.threads", "OS threads of the process (GStreamer and ONNX Runtime included)",
                ProcessFigures::threads);
        meters.gauge("vigil.process.resident.memory.bytes", "Resident set size of the process", ProcessFigures::rssBytes);

        StoreConfig storeConfig = StoreConfig.from(vigil.get("store"));
        AlertStorage storage = AlertStorage.open(storeConfig);
        AlertHub hub = new AlertHub(AlertHubConfig.from(vigil.get("alerts")), storage.store(), meters);
        storage.startOutbox(hub);
        DeliveryWiring.Delivery delivery = DeliveryWiring.start(vigil, storage.store(), storage.database(),
                storeConfig.path());
        storage.outbox().onStored(record -> delivery.service().alertStored(record.userId()));
        AnalysisConfig analysisConfig = AnalysisConfig.from(vigil.get("analysis"));
        PoseModel model = analysisConfig.enabled() ? PoseModel.load(PoseModelConfig.from(vigil.get("pose"))) : null;
        String violencePath = vigil.get("anomaly.violence-model").asString().orElse(ViolenceModel.DEFAULT_PATH.toString());
        ViolenceModel violence = model == null || violencePath.isBlank() ? null : ViolenceModel.load(Path.of(violencePath));
        // The person detector feeds the fight stage: loaded with the classifier, run when a stream's fight gate opens.
        String detectorPath = vigil.get("detector.model-path").asString().orElse(PersonDetector.DEFAULT_PATH.toString());
        PersonDetector detector = violence == null || detectorPath.isBlank() ? null : PersonDetector.load(Path.of(detectorPath),
                vigil.get("detector.min-score").asDouble().orElse(PersonDetector.DEFAULT_MIN_SCORE));
        AnalysisService analysis = model == null ? null : new AnalysisService(analysisConfig, model, violence, detector,
                AnomalyConfig.from(vigil.get("anomaly")), storage.outbox(), templates, meters);
        if (analysis != null) {
            analysis.warmUp();
        }
        if (model != null) {
            meters.gauge("vigil.inference.provider", "The ONNX Runtime execution provider running the pose model (value 1)",
                    () -> 1, io.helidon.metrics.api.Tag.create("provider", model.executionProvider()));
        }
        StreamRegistry registry = new StreamRegistry(streamConfig, webRtcConfig, templates,
                analysis == null ? StreamAnalysis.NONE : analysis,
                (stream, reason) -> hub.publish(stream.userId(),
                        Messages.streamClosed(stream.userId(), stream.streamId(), reason)),
                meters);
        Readiness readiness = new Readiness()
                .add("gstreamer", () -> Gstreamer.initialized() ? null : "GStreamer is not initialised")
                .add("pose-model", () -> model != null || !analysisConfig.enabled() ? null : "the pose model is not loaded")
                .add("accepting-streams", () -> registry.accepting() ? null : "the server is shutting down")
                .add("alert-store", () -> storage.outbox().figures().healthy() ? null
                        : "the alert store cannot be written: " + storage.outbox().figures().lastError());

        AccessControl access = AccessControl.create(AuthConfig.from(vigil.get("auth")),
                new JdbcCredentialStore(storage.database()), config.get("server.host").asString().orElse("0.0.0.0"));
        AttemptLimiter offersPerUser = new AttemptLimiter(
                vigil.get("streams.max-offers-per-minute").asInt().orElse(60), Duration.ofMinutes(1));

        HttpRouting.Builder http = HttpRouting.builder()
                .addFilter(new SecurityHeadersFilter())
                .addFilter(new CorsFilter(allowedOrigins))
                .addFilter(new AuthFilter(access.authenticator(), access.policy()))
                .register("/api", new StreamApi(registry, hub, Zone::fromMetadata, maxBodyBytes, access.policy(),
                        offersPerUser))
                .register("/api", new ServerApi(registry, hub, meters, webRtcConfig, streamConfig, maxBodyBytes,
                        model == null ? "none" : model.executionProvider(), storage::figures, delivery.service()::figures,
                        access.config()))
                .register("/api", new DeliveryApi(delivery.service(), delivery.webPush().allowPrivate(), maxBodyBytes))
                .register("/api", new AlertApi(storage.store(), maxBodyBytes))
                .register("/api", new AuthApi(access.config().mode(), access.accounts(), access.tickets(),
                        access.loginsPerIp(), access.loginsPerUsername(), maxBodyBytes,
                        userId -> endDeletedUser(registry, hub, userId)))
                .register("/", StaticContentService.builder("web").welcomeFileName("index.html").build());
        // After the API routes: anything else under /api is a JSON 404.
        ApiErrors.install(http);
        WsRouting.Builder ws = WsRouting.builder()
                .endpoint(AlertSocket.PATH_PREFIX + "{user_id}", () -> new AlertSocket(hub, registry, access.authenticator(), access.policy()));

        // HTTP/1 with a WebSocket upgrader that allows the same origins as CORS (see OriginCheckedWsUpgrader).
        Http1ConnectionSelector http1 = Http1ConnectionSelector.builder()
                .config(Http1Config.create(config.get("server.protocols.http_1_1")))
                .addUpgrader(new OriginCheckedWsUpgrader(allowedOrigins,
                        WsConfig.create(config.get("server.protocols.websocket")),
                        (prologue, headers) -> AlertSocket.precheck(access.authenticator(), access.policy(), prologue, headers)))
                .build();
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .addConnectionSelector(http1)
                .shutdownHook(false)
                // Refusals before routing (e.g. of a WebSocket upgrade) in the API's JSON error shape;
                // Helidon sends a refusal's (safe) message only with include-entity.
                .errorHandling(ErrorHandling.builder().config(config.get("server.error-handling"))
                        .includeEntity(true).build())
                .directHandlers(DirectHandlers.builder().defaults(DirectHandlers.create())
                        .addHandler(DirectHandler.EventType.BAD_REQUEST, new JsonDirectHandler())
                        .addHandler(DirectHandler.EventType.FORBIDDEN, new JsonDirectHandler())
                        .addHandler(DirectHandler.EventType.OTHER, new JsonDirectHandler())
                        .addHandler(DirectHandler.EventType.PAYLOAD_TOO_LARGE, new JsonDirectHandler())
                        .build())
                .featuresDiscoverServices(false)
                .addFeature(Observability.feature(meters, readiness))
                .routing(http)
                .addRouting(ws)
                .build()
                .start();
        return new Running(server, registry, hub, model, storage, delivery.service(), analysis, violence, detector,
                meters, shutdownTimeout);
    }
}
