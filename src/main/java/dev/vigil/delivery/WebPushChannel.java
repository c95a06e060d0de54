package dev.vigil.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.httpclient.StandardHttpClientRequestPreparer;
import dev.vigil.store.PushSubscription;

/**
 * Sends each alert's summary to one browser's push service (RFC 8030), encrypted for that browser
 * (RFC 8291, aes128gcm) and signed with the server's VAPID key (RFC 8292). The encryption and the
 * JWT come from zerodep-web-push-java, which does them with the JDK's own crypto (ECDH, HKDF,
 * AES-GCM, ES256) and no further dependency; the request goes out on the JDK HttpClient.
 * 201/2xx is delivered; 404 and 410 mean the browser dropped the subscription (it is removed);
 * 429 and 5xx are retried; anything else refuses that one alert.
 */
public final class WebPushChannel implements DeliveryChannel {
    /** RFC 8291 payloads are at most 4096 bytes after encryption (86 bytes of header and tag). */
    static final int MAX_PLAINTEXT = 3993;

    private final PushSubscription subscription;
    private final VAPIDKeyPair vapid;
    private final WebPushConfig config;
    private final HttpClient http;
    private final TargetPolicy policy;

    public WebPushChannel(PushSubscription subscription, VAPIDKeyPair vapid, WebPushConfig config, HttpClient http) {
        this.subscription = subscription;
        this.vapid = vapid;
        this.config = config;
        this.http = http;
        this.policy = new TargetPolicy(config.allowPrivate());
    }

    @Override
    public Outcome deliver(DeliveryAlert alert) throws RetryLaterException, InterruptedException {
        URI endpoint;
        try {
            endpoint = policy.check(subscription.endpoint());
        } catch (TargetPolicy.RefusedTargetException e) {
            return Outcome.GONE;
        }
        byte[] payload = alert.summary().toString().getBytes(StandardCharsets.UTF_8);
        if (payload.length > MAX_PLAINTEXT) {
            return Outcome.REJECTED;
        }
        com.zerodeplibs.webpush.PushSubscription target = new com.zerodeplibs.webpush.PushSubscription();
        target.setEndpoint(endpoint.toString());
        com.zerodeplibs.webpush.PushSubscription.Keys keys = new com.zerodeplibs.webpush.PushSubscription.Keys();
        keys.setP256dh(subscription.p256dh());
        keys.setAuth(subscription.auth());
        target.setKeys(keys);
        HttpRequest request = StandardHttpClientRequestPreparer.getBuilder()
                .pushSubscription(target)
                .vapidJWTExpiresAfter(12, TimeUnit.HOURS)
                .vapidJWTSubject(config.subject())
                .pushMessage(payload)
                .ttl(config.ttl().toSeconds(), TimeUnit.SECONDS)
                .urgencyHigh()
                .build(vapid)
                .toRequestBuilder()
                .timeout(config.timeout())
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new RetryLaterException("push service did not answer within " + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new RetryLaterException("push service unreachable: " + e.getClass().getSimpleName());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status == 404 || status == 410) {
            return Outcome.GONE;
        }
        if (status == 429 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(response);
            throw new RetryLaterException("push service answered " + status, retryAfter);
        }
        return Outcome.REJECTED;
    }
}
