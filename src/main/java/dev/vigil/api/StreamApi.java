package dev.vigil.api;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.vigil.alert.AlertHub;
import dev.vigil.auth.AccessPolicy;
import dev.vigil.auth.AttemptLimiter;
import io.helidon.http.HeaderNames;
import dev.vigil.media.InvalidOfferException;
import dev.vigil.media.MediaException;
import dev.vigil.observe.Meters;
import dev.vigil.observe.StreamMeters;
import dev.vigil.stream.LiveStream;
import dev.vigil.stream.ShuttingDownException;
import dev.vigil.stream.StreamLimitException;
import dev.vigil.stream.StreamRegistry;
import io.helidon.http.Status;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** The seed's stream endpoints: offer, list, close one, close all, plus live metadata updates. */
public final class StreamApi implements HttpService {
    private final StreamRegistry registry;
    private final AlertHub hub;
    private final Consumer<JsonObject> metadataCheck;
    private final long maxBodyBytes;
    private final AccessPolicy policy;
    private final AttemptLimiter offersPerUser;

    /**
     * @param metadataCheck throws IllegalArgumentException, with a message for the client, for
     *                      stream_metadata the analysis cannot use (e.g. malformed zones)
     */
    public StreamApi(StreamRegistry registry, AlertHub hub, Consumer<JsonObject> metadataCheck, long maxBodyBytes,
                     AccessPolicy policy, AttemptLimiter offersPerUser) {
        this.policy = policy;
        this.offersPerUser = offersPerUser;
        this.registry = registry;
        this.hub = hub;
        this.metadataCheck = metadataCheck;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/offer", this::offer)
                .get("/users/{user_id}/streams", this::list)
                .delete("/users/{user_id}/streams/{stream_id}", this::closeStream)
                .put("/users/{user_id}/streams/{stream_id}/metadata", this::updateMetadata)
                .delete("/users/{user_id}", this::closeUser);
    }

    private void offer(ServerRequest req, ServerResponse res) {
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        String type = Requests.requiredString(body, "type");
        if (!type.equals("offer")) {
            throw ApiException.badRequest("invalid_type", "type must be \"offer\", got \"" + type + "\"");
        }
        String userId = Requests.userId(Requests.requiredString(body, "user_id"));
        policy.checkUser(AuthFilter.caller(req), userId);
        Duration wait = offersPerUser.tryAcquire(userId);
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
            throw new ApiException(Status.TOO_MANY_REQUESTS_429, "too_many_offers", "at most "
                    + offersPerUser.max() + " offers per user per " + offersPerUser.window().toSeconds() + " s; try again later");
        }
        String sdp = Requests.requiredString(body, "sdp");
        JsonObject metadata = metadata(body.get("stream_metadata"));
        LiveStream stream;
        try {
            stream = registry.open(userId, metadata, sdp);
        } catch (InvalidOfferException e) {
            throw ApiException.badRequest("invalid_sdp", e.getMessage());
        } catch (StreamLimitException e) {
            throw e.serverWide()
                    ? new ApiException(Status.SERVICE_UNAVAILABLE_503, "server_at_capacity", e.getMessage())
                    : new ApiException(Status.TOO_MANY_REQUESTS_429, "too_many_streams", e.getMessage());
        } catch (MediaException e) {
            throw new ApiException(Status.INTERNAL_SERVER_ERROR_500, "media_error", e.getMessage());
        } catch (ShuttingDownException e) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "server_shutting_down", e.getMessage());
        }
        Responses.json(res, Json.createObjectBuilder()
                .add("sdp", stream.answerSdp())
                .add("type", "answer")
                .add("user_id", userId)
                .add("stream_id", stream.streamId())
                .build());
    }

    /** stream_metadata is optional; when given it must be an object, checked by the analysis (zones). */
    private JsonObject metadata(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("invalid_field", "stream_metadata must be a JSON object");
        }
        JsonObject metadata = value.asJsonObject();
        try {
            metadataCheck.accept(metadata);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_metadata", e.getMessage());
        }
        return metadata;
    }

    private void list(ServerRequest req, ServerResponse res) {
        String userId = knownUser(req);
        JsonArrayBuilder streams = Json.createArrayBuilder();
        registry.streamsOf(userId).forEach(stream -> streams.add(describe(stream)));
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("streams", streams).build());
    }

    private void closeStream(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        String streamId = req.path().pathParameters().get("stream_id");
        if (!registry.close(userId, streamId, "closed_by_client")) {
            throw unknownStream(userId, streamId);
        }
        Responses.json(res, Json.createObjectBuilder()
                .add("user_id", userId).add("stream_id", streamId).add("closed", true).build());
    }

    private void closeUser(ServerRequest req, ServerResponse res) {
        String userId = knownUser(req);
        List<String> closed = registry.closeUser(userId, "closed_by_client");
        Responses.json(res, Json.createObjectBuilder()
                .add("user_id", userId)
                .add("closed_stream_ids", Json.createArrayBuilder(closed))
                .add("closed", closed.size())
                .build());
    }

    private void updateMetadata(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        String streamId = req.path().pathParameters().get("stream_id");
        JsonObject metadata = metadata(Requests.jsonObject(req, maxBodyBytes));
        LiveStream stream = registry.find(userId, streamId).orElseThrow(() -> unknownStream(userId, streamId));
        registry.updateMetadata(stream, metadata);
        Responses.json(res, describe(stream));
    }

    private String knownUser(ServerRequest req) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        if (registry.streamsOf(userId).isEmpty() && !hub.hasSockets(userId)) {
            throw ApiException.notFound("unknown_user", "user " + userId + " has no streams and no open sockets");
        }
        return userId;
    }

    private static ApiException unknownStream(String userId, String streamId) {
        return ApiException.notFound("unknown_stream", "user " + userId + " has no stream " + streamId);
    }

    static JsonObject describe(LiveStream stream) {
        StreamMeters meters = stream.meters();
        return Json.createObjectBuilder()
                .add("stream_id", stream.streamId())
                .add("user_id", stream.userId())
                .add("stream_metadata", stream.metadata())
                .add("state", stream.state().wireName())
                .add("created_at", stream.createdAt().toString())
                .add("width", stream.width())
                .add("height", stream.height())
                .add("decoder", stream.decoder() == null ? JsonValue.NULL : Json.createValue(stream.decoder()))
                .add("frames_decoded", meters.framesDecoded().count())
                .add("frames_analysed", meters.framesAnalysed().count())
                .add("frames_dropped", meters.framesDropped().count())
                .add("fps", round(stream.decodeFps()))
                .add("analysis_fps", round(stream.analysisFps()))
                .add("inference_ms", percentiles(meters.inference()))
                .add("alerts_sent", meters.alertsSent().count())
                .add("alert_latency_ms", percentiles(meters.alertLatency()))
                .build();
    }

    /** {"p50", "p95"} in milliseconds of a timer's recent values. */
    static JsonObjectBuilder percentiles(Timer timer) {
        return Json.createObjectBuilder()
                .add("p50", round(Meters.percentileMillis(timer, 0.5)))
                .add("p95", round(Meters.percentileMillis(timer, 0.95)));
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
