package dev.vigil.api;

import java.util.List;
import java.util.function.Supplier;

import java.time.Instant;

import dev.vigil.alert.AlertHub;
import dev.vigil.delivery.ChannelStats;
import dev.vigil.media.Decoders;
import dev.vigil.auth.AuthConfig;
import dev.vigil.auth.Caller;
import dev.vigil.auth.TurnCredentials;
import dev.vigil.media.IceServer;
import dev.vigil.media.WebRtcConfig;
import dev.vigil.observe.Meters;
import dev.vigil.observe.ProcessFigures;
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
    private final Meters meters;
    private final WebRtcConfig webRtcConfig;
    private final StreamConfig streamConfig;
    private final long maxBodyBytes;
    private final String executionProvider;
    private final Supplier<JsonObject> storeFigures;
    private final Supplier<List<ChannelStats.Figures>> delivery;
    private final AuthConfig auth;
    private final long startedNanos = System.nanoTime();

    /**
     * @param storeFigures the alert store's health and counters, shown as "store"
     * @param delivery     each delivery channel's figures, shown as "delivery"
     */
    public ServerApi(StreamRegistry registry, AlertHub hub, Meters meters,
                     WebRtcConfig webRtcConfig, StreamConfig streamConfig, long maxBodyBytes,
                     String executionProvider, Supplier<JsonObject> storeFigures,
                     Supplier<List<ChannelStats.Figures>> delivery, AuthConfig auth) {
        this.executionProvider = executionProvider;
        this.auth = auth;
        this.storeFigures = storeFigures;
        this.delivery = delivery;
        this.registry = registry;
        this.hub = hub;
        this.meters = meters;
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
                .add("inference_ms", StreamApi.percentiles(meters.inferenceRecent()))
                .add("alert_latency_ms", StreamApi.percentiles(meters.alertLatencyRecent()))
                .add("threads", ProcessFigures.threads())
                .add("rss_bytes", ProcessFigures.rssBytes())
                .add("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                .add("delivery", deliveryFigures())
                .build());
    }

    /** Per channel: targets, delivered, failed, retried, pending, skipped_too_old, lag_seconds. */
    private JsonObjectBuilder deliveryFigures() {
        JsonObjectBuilder channels = Json.createObjectBuilder();
        for (ChannelStats.Figures figures : delivery.get()) {
            channels.add(figures.channel(), Json.createObjectBuilder()
                    .add("targets", figures.targets())
                    .add("delivered", figures.delivered())
                    .add("failed", figures.failed())
                    .add("retried", figures.retried())
                    .add("pending", figures.pending())
                    .add("skipped_too_old", figures.skippedTooOld())
                    .add("lag_seconds", round(figures.lagSeconds())));
        }
        return channels;
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
                .add("decoders", decoders())
                .add("execution_provider", executionProvider)
                .build());
    }

    /** Video decoders present, in the order decodebin tries them; "usable" false below marginal rank. */
    private static JsonArrayBuilder decoders() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Decoders.Available decoder : Decoders.available()) {
            list.add(Json.createObjectBuilder()
                    .add("name", decoder.name())
                    .add("codecs", Json.createArrayBuilder(decoder.codecs()))
                    .add("hardware", decoder.hardware())
                    .add("rank", decoder.rank())
                    .add("usable", decoder.rank() >= org.freedesktop.gstreamer.PluginFeature.Rank.MARGINAL.intValue()));
        }
        return list;
    }
}
