package dev.vigil.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import dev.vigil.delivery.HttpReceiver.Request;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.vigil.delivery.HttpReceiver.awaitRequests;
import static dev.vigil.delivery.MqttChannelTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Web Push to a push service played by a loopback receiver, with a subscription whose keys the
 * test made: the receiver checks VAPID and decrypts every message the way a browser does.
 */
class WebPushChannelTest {
    @TempDir
    Path dir;
    private DeliveryDb db;
    private TestAlerts alerts;
    private DeliveryService delivery;
    private HttpReceiver pushService;
    private PushServiceReceiver browser;
    private VAPIDKeyPair vapid;

    @BeforeEach
    void start() throws Exception {
        db = new DeliveryDb(dir);
        alerts = new TestAlerts(db);
        pushService = new HttpReceiver(201);
        browser = new PushServiceReceiver();
        vapid = VapidKeys.loadOrCreate(dir);
        delivery = newDelivery();
    }

    private DeliveryService newDelivery() {
        return new DeliveryService(alerts.feed(), db.store,
                new DeliveryConfig(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), 100, "", Duration.ofSeconds(1)),
                new WebhookConfig(Duration.ofSeconds(2), true, 10),
                new WebPushConfig(true, "mailto:ops@vigil.test", Duration.ofMinutes(30), Duration.ofSeconds(10), true),
                VapidKeys.loadOrCreate(dir), null).start();
    }

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.close();
        }
        pushService.close();
        db.close();
    }

    private void subscribe() {
        delivery.addPushSubscription("user123", pushService.url("/push/sub-1"), browser.p256dh(), browser.auth());
    }

    private void raise(String camera, String... behaviours) {
        alerts.append("user123", camera, List.of(behaviours));
        delivery.alertStored("user123");
    }

    @Test
    void sendsTheSummaryEncryptedForTheBrowserAndSignedWithVapid() throws Exception {
        subscribe();
        raise("front_door", "fall", "lying");
        awaitRequests(pushService, 1);
        Request request = pushService.requests.getFirst();
        assertEquals("POST", request.method());
        assertEquals("/push/sub-1", request.path());
        assertEquals("aes128gcm", request.header("Content-Encoding"));
        assertEquals("1800", request.header("TTL"));
        assertEquals("high", request.header("Urgency"));
        assertTrue(request.body().length <= 4096, "a push message is at most 4 KB");

        JsonObject claims = PushServiceReceiver.verifyVapid(request.header("Authorization"),
                vapid.extractPublicKeyInUncompressedForm());
        assertEquals(pushService.url(""), claims.getString("aud"), "aud is the push service's origin");
        assertEquals("mailto:ops@vigil.test", claims.getString("sub"));
        long exp = claims.getJsonNumber("exp").longValue();
        assertTrue(exp > Instant.now().getEpochSecond() && exp <= Instant.now().getEpochSecond() + 24 * 3600,
                "exp within 24 hours (RFC 8292)");

        JsonObject payload = PushServiceReceiver.json(browser.decrypt(request.body()));
        assertEquals(1, payload.getInt("alert_id"));
        assertEquals("front_door", payload.getString("camera"));
        assertEquals(List.of("fall", "lying"), payload.getJsonArray("behaviours").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(1, payload.getInt("person_id"));
        assertEquals("High", payload.getString("confidence"));
        assertTrue(Math.abs(payload.getJsonNumber("time").longValue() - System.currentTimeMillis()) < 60_000);
        assertTrue(payload.getString("snapshot_url").endsWith("/alerts/1/snapshot"));
        assertTrue(!payload.toString().contains("annotated_frame"), "no JPEG in a push");
    }

    @Test
    void goneAtThePushServiceRemovesTheSubscription() throws Exception {
        pushService.answer(410);
        subscribe();
        raise("hall", "fall");
        waitFor(() -> db.store.pushSubscriptions().isEmpty(), "410 removes the subscription");
        raise("hall", "fall");
        Thread.sleep(400);
        assertEquals(1, pushService.requests.size(), "nothing more is sent to it");
        assertTrue(db.store.cursor(DeliveryService.pushCursor(1)).isEmpty(), "its cursor goes with it");
    }

    @Test
    void notFoundRemovesTheSubscriptionToo() throws Exception {
        pushService.answer(404);
        subscribe();
        raise("hall", "fall");
        waitFor(() -> db.store.pushSubscriptions().isEmpty(), "404 removes the subscription");
    }

    @Test
    void retriesServerErrorsAndTooManyRequestsWithBackoff() throws Exception {
        pushService.answer(503, 429, 500).header(429, "Retry-After: 1");
        subscribe();
        raise("hall", "fall");
        raise("hall", "running");
        awaitRequests(pushService, 5);
        List<Request> requests = pushService.requests;
        assertEquals(List.of(503, 429, 500, 201, 201), requests.stream().map(Request::answered).toList());
        List<Long> ids = new ArrayList<>();
        for (Request request : requests) {
            ids.add(PushServiceReceiver.json(browser.decrypt(request.body())).getJsonNumber("alert_id").longValue());
        }
        assertEquals(List.of(1L, 1L, 1L, 1L, 2L), ids, "the same alert until taken, then the next");
        assertTrue(requests.get(1).receivedAtMillis() - requests.get(0).receivedAtMillis() >= 100, "backoff");
        assertTrue(requests.get(2).receivedAtMillis() - requests.get(1).receivedAtMillis() >= 900, "Retry-After: 1");
        waitFor(() -> figures().delivered() == 2, "two delivered");
        assertEquals(3, figures().retried());
    }

    @Test
    void resumesFromItsCursorAfterARestart() throws Exception {
        pushService.otherwise(503);
        subscribe();
        raise("hall", "fall");
        raise("hall", "lying");
        raise("hall", "running");
        waitFor(() -> figures().retried() >= 1, "the push service is failing");
        byte[] keyBefore = vapid.extractPublicKeyInUncompressedForm();
        delivery.close();

        pushService.otherwise(201);
        int before = pushService.requests.size();
        delivery = newDelivery();
        assertArrayEquals(keyBefore, delivery.vapid().orElseThrow().extractPublicKeyInUncompressedForm(),
                "the VAPID keys are kept in the data directory");
        awaitRequests(pushService, before + 3);
        List<Long> ids = new ArrayList<>();
        for (Request request : pushService.requests.subList(before, pushService.requests.size())) {
            ids.add(PushServiceReceiver.json(browser.decrypt(request.body())).getJsonNumber("alert_id").longValue());
        }
        assertEquals(List.of(1L, 2L, 3L), ids, "every alert after the stored cursor, in order");
        waitFor(() -> figures().pending() == 0, "nothing pending");
    }

    private ChannelStats.Figures figures() {
        return delivery.figures().stream().filter(f -> f.channel().equals("webpush")).findFirst().orElseThrow();
    }
}
