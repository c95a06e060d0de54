package dev.vigil.api;

import java.util.function.Supplier;

import java.time.Instant;

import dev.vigil.alert.AlertHub;
import dev.vigil.auth.AuthConfig;
import dev.vigil.auth.Caller;
import dev.vigil.auth.TurnCredentials;
import dev.vigil.media.IceServer;
import dev.vigil.media.WebRtcConfig;
import dev.vigil.stream.LatencyFigures;
import dev.vigil.stream.StreamConfig;
import dev.vigil.stream.StreamRegistry;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static dev.vigil.api.StreamApi.round;

/** Global figures (/api/stats) and what browsers need to connect (/api/config). */
public final class ServerApi implements HttpService {
    private final StreamRegistry registry;
    private final AlertHub hub;
    private final Supplier<LatencyFigures> latency;
    private final WebRtcConfig webRtcConfig;
    private final StreamConfig streamConfig;
    private final long maxBodyBytes;
    private final Supplier<JsonObject> storeFigures;
    private final AuthConfig auth;
    private final long startedNanos = System.nanoTime();

    /** @param storeFigures the alert store's health and counters, shown as "store" */
    public ServerApi(StreamRegistry registry, AlertHub hub, Supplier<LatencyFigures> latency,
                     WebRtcConfig webRtcConfig, StreamConfig streamConfig, long maxBodyBytes,
                     Supplier<JsonObject> storeFigures, AuthConfig auth) {
        this.auth = auth;
        this.storeFigures = storeFigures;
        this.registry = registry;
        this.hub = hub;
        this.latency = latency;
        this.webRtcConfig = webRtcConfig;
        this.streamConfig = streamConfig;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/stats", this::stats).get("/config", this::config);
    }

    private void stats(ServerRequest req, ServerResponse res) {
        StreamRegistry.Totals totals = registry.totals();
        LatencyFigures figures = latency.get();
        Runtime runtime = Runtime.getRuntime();
        Responses.json(res, Json.createObjectBuilder()
                .add("uptime_seconds", round((System.nanoTime() - startedNanos) / 1e9))
                .add("users", totals.users())
                .add("streams", totals.streams())
                .add("streams_opened", totals.streamsOpened())
                .add("streams_closed", totals.streamsClosed())
                .add("websockets", hub.socketCount())
                .add("frames_decoded", totals.framesDecoded())
                .add("frames_analysed", totals.framesAnalysed())
                .add("frames_dropped", totals.framesDropped())
                .add("analysis_fps", round(totals.analysisFps()))
                .add("alerts_sent", totals.alertsSent())
                .add("messages_sent", hub.messagesSent())
                .add("messages_dropped", hub.messagesDropped())
                .add("messages_replayed", hub.messagesReplayed())
                .add("store", storeFigures.get())
                .add("inference_ms", Json.createObjectBuilder()
                        .add("p50", round(figures.inferenceP50Millis()))
                        .add("p95", round(figures.inferenceP95Millis())))
                .add("alert_latency_ms", Json.createObjectBuilder()
                        .add("p50", round(figures.alertLatencyP50Millis()))
                        .add("p95", round(figures.alertLatencyP95Millis())))
                .add("threads", ProcessFigures.threads())
                .add("rss_bytes", ProcessFigures.rssBytes())
                .add("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                .build());
    }

    private void config(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder servers = Json.createArrayBuilder();
        for (IceServer server : webRtcConfig.iceServers()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("urls", Json.createArrayBuilder(server.urls()));
            if (server.username() != null) {
                entry.add("username", server.username());
            }
            if (server.credential() != null) {
                entry.add("credential", server.credential());
            }
            servers.add(entry);
        }
        Caller caller = AuthFilter.caller(req);
        if (!auth.turnSecret().isBlank() && caller.authenticated() && !auth.turnUrls().isEmpty()) {
            // Per-user, short-lived TURN credentials instead of one shared secret in every page.
            TurnCredentials.Credential turn = TurnCredentials.forUser(auth.turnSecret(), caller.userId(),
                    Instant.now().plus(auth.turnTtl()));
            servers.add(Json.createObjectBuilder().add("urls", Json.createArrayBuilder(auth.turnUrls()))
                    .add("username", turn.username()).add("credential", turn.credential()));
        }
        Responses.json(res, Json.createObjectBuilder()
                .add("ice_servers", servers)
                .add("max_streams_per_user", streamConfig.maxStreamsPerUser())
                .add("max_body_bytes", maxBodyBytes)
                .build());
    }
}
