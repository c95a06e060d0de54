package dev.vigil.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.vigil.alert.AlertMessage;
import dev.vigil.store.AlertCursor;
import dev.vigil.store.AlertPage;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.AlertRecord;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StoreException;
import dev.vigil.store.UnreviewedSummary;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** The alert history: list, one alert, its snapshot, review marks and unreviewed counts. */
public final class AlertApi implements HttpService {
    private static final int MAX_FILTER_LENGTH = 128;
    private static final int MAX_REVIEW_IDS = 1000;

    private final AlertStore store;
    private final long maxBodyBytes;

    public AlertApi(AlertStore store, long maxBodyBytes) {
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        // Fixed names before {alert_id}: the first matching route answers.
        rules.get("/users/{user_id}/alerts", this::list)
                .get("/users/{user_id}/alerts/summary", this::summary)
                .post("/users/{user_id}/alerts/reviewed", this::reviewed)
                .get("/users/{user_id}/alerts/{alert_id}", this::one)
                .get("/users/{user_id}/alerts/{alert_id}/snapshot", this::snapshot);
    }

    private static <T> T stored(Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "store_unavailable",
                    "the alert store cannot be reached: " + e.getMessage());
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        AlertQuery query;
        try {
            query = new AlertQuery(text(req, "stream_id"), text(req, "camera"), text(req, "behaviour"),
                    time(req, "since"), time(req, "until"), id(req, "after_id"), flag(req, "reviewed"),
                    cursor(req), limit(req));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_filter", e.getMessage());
        }
        AlertPage page = stored(() -> store.list(userId, query));
        JsonArrayBuilder alerts = Json.createArrayBuilder();
        page.alerts().forEach(a -> alerts.add(item(a)));
        JsonObjectBuilder body = Json.createObjectBuilder().add("user_id", userId).add("alerts", alerts);
        if (page.nextCursor() == null) {
            body.addNull("next_cursor");
        } else {
            body.add("next_cursor", page.nextCursor().encode());
        }
        Responses.json(res, body.build());
    }

    private void one(ServerRequest req, ServerResponse res) {
        AlertRecord record = found(req);
        Responses.json(res, item(record));
    }

    private void snapshot(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        long alertId = alertId(req);
        Optional<byte[]> jpeg = stored(() -> store.snapshot(userId, alertId));
        if (jpeg.isEmpty()) {
            boolean known = stored(() -> store.find(userId, alertId)).isPresent();
            throw ApiException.notFound(known ? "snapshot_not_found" : "alert_not_found", known
                    ? "alert " + alertId + " of " + userId + " has no snapshot any more (dropped by retention)"
                    : "no alert " + alertId + " for user " + userId);
        }
        // A snapshot never changes once stored, so its id is its version.
        String etag = "\"" + alertId + "-" + jpeg.get().length + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=31536000, immutable");
        if (req.headers().contains(HeaderNames.IF_NONE_MATCH)
                && req.headers().get(HeaderNames.IF_NONE_MATCH).allValues().stream()
                .flatMap(v -> List.of(v.split(",")).stream()).map(String::trim)
                .anyMatch(v -> v.equals(etag) || v.equals("*") || v.equals("W/" + etag))) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "image/jpeg"));
        res.send(jpeg.get());
    }

    private void reviewed(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        boolean byIds = body.containsKey("alert_ids");
        boolean byBefore = body.containsKey("before_id");
        if (byIds == byBefore) {
            throw ApiException.badRequest("invalid_field", "send either \"alert_ids\": [ids] or \"before_id\": id");
        }
        int changed;
        if (byIds) {
            if (body.get("alert_ids").getValueType() != JsonValue.ValueType.ARRAY) {
                throw ApiException.badRequest("invalid_field", "\"alert_ids\" must be an array of alert ids");
            }
            List<Long> ids = new ArrayList<>();
            for (JsonValue value : body.getJsonArray("alert_ids")) {
                ids.add(positiveId(value, "alert_ids"));
            }
            if (ids.size() > MAX_REVIEW_IDS) {
                throw ApiException.badRequest("invalid_field", "at most " + MAX_REVIEW_IDS + " alert_ids at once");
            }
            changed = stored(() -> store.markReviewed(userId, ids));
        } else {
            long before = positiveId(body.get("before_id"), "before_id");
            changed = stored(() -> store.markReviewedThrough(userId, before - 1));
        }
        long unreviewed = stored(() -> store.summary(userId)).total();
        Responses.json(res, Json.createObjectBuilder()
                .add("user_id", userId).add("reviewed", changed).add("unreviewed", unreviewed).build());
    }

    private void summary(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        UnreviewedSummary summary = stored(() -> store.summary(userId));
        JsonArrayBuilder cameras = Json.createArrayBuilder();
        for (UnreviewedSummary.Count count : summary.byCamera()) {
            JsonObjectBuilder entry = Json.createObjectBuilder();
            if (count.name() == null) {
                entry.addNull("camera");
            } else {
                entry.add("camera", count.name());
            }
            cameras.add(entry.add("unreviewed", count.unreviewed()));
        }
        JsonArrayBuilder behaviours = Json.createArrayBuilder();
        for (UnreviewedSummary.Count count : summary.byBehaviour()) {
            behaviours.add(Json.createObjectBuilder().add("behaviour", count.name()).add("unreviewed", count.unreviewed()));
        }
        Responses.json(res, Json.createObjectBuilder()
                .add("user_id", userId)
                .add("unreviewed", summary.total())
                .add("cameras", cameras)
                .add("behaviours", behaviours)
                .build());
    }

    private AlertRecord found(ServerRequest req) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        long alertId = alertId(req);
        return stored(() -> store.find(userId, alertId)).orElseThrow(() ->
                ApiException.notFound("alert_not_found", "no alert " + alertId + " for user " + userId));
    }

    /** The alert as sent without its image, plus where the image is and its review state. */
    static JsonObject item(AlertRecord record) {
        JsonObjectBuilder item = Json.createObjectBuilder(AlertMessage.parse(record.messageJson()))
                .add("alert_id", record.alertId());
        if (record.hasSnapshot()) {
            item.add("snapshot_url", "/api/users/" + record.userId() + "/alerts/" + record.alertId() + "/snapshot");
        } else {
            item.addNull("snapshot_url");
        }
        return item.add("reviewed", record.reviewed())
                .add("created_at", record.createdAt().toString())
                .build();
    }

    private static long alertId(ServerRequest req) {
        String value = req.path().pathParameters().get("alert_id");
        try {
            long id = Long.parseLong(value);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.notFound("alert_not_found", "no alert \"" + value + "\": alert ids are whole numbers from 1");
    }

    private static long positiveId(JsonValue value, String field) {
        if (value instanceof JsonNumber number && number.isIntegral() && number.longValue() >= 1) {
            return number.longValue();
        }
        throw ApiException.badRequest("invalid_field", "\"" + field + "\" must hold alert ids (whole numbers from 1)");
    }

    private static String text(ServerRequest req, String name) {
        if (!req.query().contains(name)) {
            return null;
        }
        String value = req.query().get(name);
        if (value.isEmpty() || value.length() > MAX_FILTER_LENGTH) {
            throw new IllegalArgumentException(name + " must be 1 to " + MAX_FILTER_LENGTH + " characters");
        }
        return value;
    }

    private static Instant time(ServerRequest req, String name) {
        String value = text(req, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 time with offset, e.g. 2026-11-01T10:00:00Z");
        }
    }

    private static Long id(ServerRequest req, String name) {
        String value = text(req, name);
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be an alert id (0 or more)");
    }

    private static Boolean flag(ServerRequest req, String name) {
        String value = text(req, name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false");
        };
    }

    private static AlertCursor cursor(ServerRequest req) {
        String value = text(req, "cursor");
        return value == null ? null : AlertCursor.decode(value);
    }

    private static int limit(ServerRequest req) {
        String value = text(req, "limit");
        if (value == null) {
            return AlertQuery.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + AlertQuery.MAX_LIMIT);
        }
    }
}
