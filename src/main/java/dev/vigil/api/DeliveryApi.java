package dev.vigil.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.vigil.anomaly.Behaviour;
import dev.vigil.delivery.DeliveryService;
import dev.vigil.delivery.TargetPolicy;
import dev.vigil.store.PushSubscription;
import dev.vigil.store.Webhook;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** A user's delivery targets: Web Push subscriptions and webhooks. */
public final class DeliveryApi implements HttpService {
    private static final Set<String> BEHAVIOURS = Arrays.stream(Behaviour.values()).map(Behaviour::wireName)
            .collect(Collectors.toUnmodifiableSet());

    private final DeliveryService delivery;
    private final TargetPolicy pushPolicy;
    private final long maxBodyBytes;

    public DeliveryApi(DeliveryService delivery, boolean pushAllowPrivate, long maxBodyBytes) {
        this.delivery = delivery;
        this.pushPolicy = new TargetPolicy(pushAllowPrivate);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/webpush/public-key", this::publicKey)
                .get("/users/{user_id}/push-subscriptions", this::listSubscriptions)
                .post("/users/{user_id}/push-subscriptions", this::subscribe)
                .delete("/users/{user_id}/push-subscriptions", this::unsubscribe)
                .get("/users/{user_id}/webhooks", this::listWebhooks)
                .post("/users/{user_id}/webhooks", this::addWebhook)
                .delete("/users/{user_id}/webhooks/{webhook_id}", this::deleteWebhook);
    }

    private void publicKey(ServerRequest req, ServerResponse res) {
        String key = delivery.vapid().orElseThrow(() -> new ApiException(Status.NOT_FOUND_404, "not_found",
                "Web Push is off on this server (vigil.webpush.enabled)")).extractPublicKeyInUncompressedFormAsString();
        Responses.json(res, Json.createObjectBuilder().add("public_key", key).build());
    }

    private void subscribe(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        if (delivery.vapid().isEmpty()) {
            throw new ApiException(Status.NOT_FOUND_404, "not_found", "Web Push is off on this server");
        }
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        String endpoint = Requests.requiredString(body, "endpoint");
        try {
            pushPolicy.check(endpoint);
        } catch (TargetPolicy.RefusedTargetException e) {
            throw ApiException.badRequest("invalid_url", "\"endpoint\" is refused: " + e.getMessage());
        }
        if (!body.containsKey("keys") || body.get("keys").getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("missing_field", "the request lacks \"keys\" {p256dh, auth}");
        }
        JsonObject keys = body.getJsonObject("keys");
        String p256dh = Requests.requiredString(keys, "p256dh");
        String auth = Requests.requiredString(keys, "auth");
        byte[] point = base64Url(p256dh, "keys.p256dh");
        if (point.length != 65 || point[0] != 4) {
            throw ApiException.badRequest("invalid_field", "\"keys.p256dh\" must be an uncompressed P-256 point (65 bytes)");
        }
        if (base64Url(auth, "keys.auth").length != 16) {
            throw ApiException.badRequest("invalid_field", "\"keys.auth\" must be 16 bytes");
        }
        PushSubscription subscription = delivery.addPushSubscription(userId, endpoint, p256dh, auth);
        Responses.json(res, Status.CREATED_201, subscriptionJson(subscription));
    }

    private void listSubscriptions(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        JsonArrayBuilder list = Json.createArrayBuilder();
        delivery.pushSubscriptions(userId).forEach(s -> list.add(subscriptionJson(s)));
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("push_subscriptions", list).build());
    }

    /** The endpoint to drop comes as {"endpoint": ...} (the PushSubscription JSON will do) or ?endpoint=. */
    private void unsubscribe(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        String endpoint = req.query().first("endpoint").orElse(null);
        if (endpoint == null) {
            endpoint = Requests.requiredString(Requests.jsonObject(req, maxBodyBytes), "endpoint");
        }
        if (!delivery.deletePushSubscription(userId, endpoint)) {
            throw ApiException.notFound("not_found", "user " + userId + " has no push subscription with that endpoint");
        }
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("endpoint", endpoint)
                .add("deleted", true).build());
    }

    private void addWebhook(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        String url = Requests.requiredString(body, "url");
        if (url.length() > 2048) {
            throw ApiException.badRequest("invalid_url", "\"url\" is longer than 2048 characters");
        }
        try {
            delivery.webhookPolicy().check(url);
        } catch (TargetPolicy.RefusedTargetException e) {
            throw ApiException.badRequest("invalid_url", "\"url\" is refused: " + e.getMessage());
        }
        String secret = null;
        if (body.containsKey("secret") && !body.isNull("secret")) {
            secret = Requests.requiredString(body, "secret");
            if (secret.isEmpty() || secret.length() > 256) {
                throw ApiException.badRequest("invalid_field", "\"secret\" must be 1 to 256 characters");
            }
        }
        List<String> behaviours = new ArrayList<>();
        if (body.containsKey("behaviours") && !body.isNull("behaviours")) {
            if (body.get("behaviours").getValueType() != JsonValue.ValueType.ARRAY) {
                throw ApiException.badRequest("invalid_field", "\"behaviours\" must be a list of behaviour names");
            }
            for (JsonValue value : body.getJsonArray("behaviours")) {
                if (!(value instanceof JsonString name) || !BEHAVIOURS.contains(name.getString())) {
                    throw ApiException.badRequest("invalid_field", "\"behaviours\" may hold only " + BEHAVIOURS);
                }
                behaviours.add(name.getString());
            }
        }
        if (delivery.webhooks(userId).size() >= delivery.webhookConfig().maxPerUser()) {
            throw new ApiException(Status.TOO_MANY_REQUESTS_429, "too_many_webhooks",
                    "user " + userId + " has " + delivery.webhookConfig().maxPerUser() + " webhooks already");
        }
        Webhook hook = delivery.addWebhook(userId, url, secret, behaviours);
        Responses.json(res, Status.CREATED_201, webhookJson(hook));
    }

    private void listWebhooks(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        JsonArrayBuilder list = Json.createArrayBuilder();
        delivery.webhooks(userId).forEach(hook -> list.add(webhookJson(hook)));
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("webhooks", list).build());
    }

    private void deleteWebhook(ServerRequest req, ServerResponse res) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        String idText = req.path().pathParameters().get("webhook_id");
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("not_found", "no webhook " + idText);
        }
        if (!delivery.deleteWebhook(userId, id)) {
            throw ApiException.notFound("not_found", "user " + userId + " has no webhook " + id);
        }
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("webhook_id", id)
                .add("deleted", true).build());
    }

    private static JsonObject subscriptionJson(PushSubscription subscription) {
        return Json.createObjectBuilder()
                .add("subscription_id", subscription.id())
                .add("user_id", subscription.userId())
                .add("endpoint", subscription.endpoint())
                .add("created_at", subscription.createdAt().toString())
                .build();
    }

    /** The hook as GET shows it: the secret is never echoed, only whether there is one. */
    private static JsonObject webhookJson(Webhook hook) {
        JsonObjectBuilder status = Json.createObjectBuilder()
                .add("last_success", time(hook.lastSuccess()))
                .add("last_error_at", time(hook.lastErrorAt()))
                .add("last_error", hook.lastError() == null ? JsonValue.NULL : Json.createValue(hook.lastError()))
                .add("failures", hook.failures());
        return Json.createObjectBuilder()
                .add("webhook_id", hook.id())
                .add("user_id", hook.userId())
                .add("url", hook.url())
                .add("signed", hook.secret() != null)
                .add("behaviours", Json.createArrayBuilder(hook.behaviours()))
                .add("active", hook.active())
                .add("created_at", hook.createdAt().toString())
                .add("status", status)
                .build();
    }

    private static JsonValue time(Instant instant) {
        return instant == null ? JsonValue.NULL : Json.createValue(instant.toString());
    }

    private static byte[] base64Url(String text, String field) {
        try {
            return Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "\"" + field + "\" is not base64url");
        }
    }
}
