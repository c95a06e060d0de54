package dev.vigil.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.vigil.store.DeliveryStore;
import dev.vigil.store.Webhook;

/**
 * Posts each alert's event JSON to one webhook. With a secret, the post carries
 * {@code X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} (Stripe's scheme),
 * so a receiver can check it came from this server and refuse replays by the time. 2xx is
 * delivered; 5xx, 429 and timeouts are retried by the dispatcher; 410 disables the hook; any
 * other answer refuses that one alert. Every attempt's result goes to the hook's status.
 */
public final class WebhookChannel implements DeliveryChannel {
    static final String SIGNATURE_HEADER = "X-Vigil-Signature";

    private final Webhook hook;
    private final HttpClient http;
    private final Duration timeout;
    private final TargetPolicy policy;
    private final DeliveryStore store;

    public WebhookChannel(Webhook hook, HttpClient http, Duration timeout, TargetPolicy policy, DeliveryStore store) {
        this.hook = hook;
        this.http = http;
        this.timeout = timeout;
        this.policy = policy;
        this.store = store;
    }

    /** Alerts this hook wants: all, or those with one of its behaviours. */
    public boolean wants(DeliveryAlert alert) {
        return hook.behaviours().isEmpty() || alert.behaviours().stream().anyMatch(hook.behaviours()::contains);
    }

    @Override
    public Outcome deliver(DeliveryAlert alert) throws RetryLaterException, InterruptedException {
        URI uri;
        try {
            uri = policy.check(hook.url());
        } catch (TargetPolicy.RefusedTargetException e) {
            store.webhookFailed(hook.id(), Instant.now(), "refused target: " + e.getMessage());
            return Outcome.REJECTED;
        }
        String body = alert.event().toString();
        long now = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigil-Webhook/1")
                .header("X-Vigil-Alert-Id", Long.toString(alert.alertId()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (hook.secret() != null) {
            request.header(SIGNATURE_HEADER, signature(hook.secret(), now, body));
        }
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw failed("no answer within " + timeout.toMillis() + " ms", null);
        } catch (IOException e) {
            throw failed("connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            store.webhookSucceeded(hook.id(), Instant.now());
            return Outcome.DELIVERED;
        }
        String error = "HTTP " + status;
        if (status == 410) {
            store.deactivateWebhook(hook.id(), Instant.now(), error + ": the receiver is gone; hook disabled");
            return Outcome.GONE;
        }
        if (status == 429 || status >= 500) {
            throw failed(error, RetryAfter.parse(response));
        }
        store.webhookFailed(hook.id(), Instant.now(), error + ": alert " + alert.alertId() + " refused");
        return Outcome.REJECTED;
    }

    private RetryLaterException failed(String error, Duration retryAfter) {
        store.webhookFailed(hook.id(), Instant.now(), error);
        return new RetryLaterException(error, retryAfter);
    }

    /** t=<seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>. */
    public static String signature(String secret, long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
