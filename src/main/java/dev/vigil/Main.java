package dev.vigil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.vigil.alert.AlertHub;
import dev.vigil.alert.AlertHubConfig;
import dev.vigil.alert.Messages;
import dev.vigil.analysis.AnalysisConfig;
import dev.vigil.analysis.AnalysisService;
import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.anomaly.Zone;
import dev.vigil.api.AlertApi;
import dev.vigil.api.AlertSocket;
import dev.vigil.api.AuthApi;
import dev.vigil.api.AuthFilter;
import dev.vigil.api.SecurityHeadersFilter;
import dev.vigil.auth.AccessControl;
import dev.vigil.auth.AttemptLimiter;
import dev.vigil.auth.AuthConfig;
import dev.vigil.store.JdbcCredentialStore;
import dev.vigil.api.ApiErrors;
import dev.vigil.api.CorsFilter;
import dev.vigil.api.ServerApi;
import dev.vigil.api.StreamApi;
import dev.vigil.media.Gstreamer;
import dev.vigil.media.PipelineTemplates;
import dev.vigil.media.WebRtcConfig;
import dev.vigil.stream.LatencyFigures;
import dev.vigil.stream.StreamAnalysis;
import dev.vigil.stream.StreamConfig;
import dev.vigil.store.StoreConfig;
import dev.vigil.stream.StreamRegistry;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;
import io.helidon.webserver.websocket.WsRouting;

/** Wiring only: configuration to components to the server. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Running vigil = start(Config.create());
        Runtime.getRuntime().addShutdownHook(new Thread(vigil::close));
        System.out.println("Vigil listening on http://localhost:" + vigil.port() + "/");
    }

    /** A started server and the parts that must be closed with it. */
    public record Running(WebServer server, StreamRegistry registry, AlertHub hub, PoseModel model,
                          AlertStorage storage) implements AutoCloseable {
        public int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.stop();
            registry.close();
            storage.closeOutbox();
            hub.close();
            storage.close();
            if (model != null) {
                model.close();
            }
        }
    }

    public static Running start(Config config) {
        Config vigil = config.get("vigil");
        Gstreamer.init();
        PipelineTemplates templates = new PipelineTemplates(Path.of(vigil.get("pipelines-dir").asString().orElse("pipelines")));
        StreamConfig streamConfig = StreamConfig.from(vigil.get("streams"));
        WebRtcConfig webRtcConfig = WebRtcConfig.from(vigil.get("webrtc"));
        long maxBodyBytes = vigil.get("api.max-body-bytes").asLong().orElse(262_144L);
        List<String> corsOrigins = WebRtcConfig.stringList(vigil.get("api.cors-origins"));

        AlertStorage storage = AlertStorage.open(StoreConfig.from(vigil.get("store")));
        AlertHub hub = new AlertHub(AlertHubConfig.from(vigil.get("alerts")), storage.store());
        storage.startOutbox(hub);
        AnalysisConfig analysisConfig = AnalysisConfig.from(vigil.get("analysis"));
        PoseModel model = analysisConfig.enabled() ? PoseModel.load(PoseModelConfig.from(vigil.get("pose"))) : null;
        AnalysisService analysis = model == null ? null : new AnalysisService(analysisConfig, model,
                AnomalyConfig.from(vigil.get("anomaly")), storage.outbox(), templates);
        if (analysis != null) {
            analysis.warmUp();
        }
        StreamRegistry registry = new StreamRegistry(streamConfig, webRtcConfig, templates,
                analysis == null ? StreamAnalysis.NONE : analysis,
                (stream, reason) -> hub.publish(stream.userId(),
                        Messages.streamClosed(stream.userId(), stream.streamId(), reason)));

        AccessControl access = AccessControl.create(AuthConfig.from(vigil.get("auth")),
                new JdbcCredentialStore(storage.database()), config.get("server.host").asString().orElse("0.0.0.0"));
        AttemptLimiter offersPerUser = new AttemptLimiter(
                vigil.get("streams.max-offers-per-minute").asInt().orElse(60), Duration.ofMinutes(1));

        HttpRouting.Builder http = HttpRouting.builder()
                .addFilter(new SecurityHeadersFilter())
                .addFilter(new CorsFilter(corsOrigins))
                .addFilter(new AuthFilter(access.authenticator(), access.policy()))
                .register("/api", new StreamApi(registry, hub, Zone::fromMetadata, maxBodyBytes, access.policy(),
                        offersPerUser))
                .register("/api", new ServerApi(registry, hub, analysis == null ? () -> LatencyFigures.NONE : analysis::figures, webRtcConfig,
                        streamConfig, maxBodyBytes, storage::figures, access.config()))
                .register("/api", new AlertApi(storage.store(), maxBodyBytes))
                .register("/api", new AuthApi(access.config().mode(), access.accounts(), access.tickets(),
                        access.loginsPerIp(), access.loginsPerUsername(), maxBodyBytes))
                .register("/", StaticContentService.builder("web").welcomeFileName("index.html").build());
        // After the API routes: anything else under /api is a JSON 404.
        ApiErrors.install(http);
        WsRouting.Builder ws = WsRouting.builder()
                .endpoint(AlertSocket.PATH_PREFIX + "{user_id}", () -> new AlertSocket(hub, registry, access.authenticator(), access.policy()));

        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .routing(http)
                .addRouting(ws)
                .build()
                .start();
        return new Running(server, registry, hub, model, storage);
    }
}
