package dev.vigil.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.vigil.delivery.HttpReceiver.Request;
import dev.vigil.store.Webhook;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.vigil.delivery.HttpReceiver.HANG;
import static dev.vigil.delivery.HttpReceiver.awaitRequests;
import static dev.vigil.delivery.MqttChannelTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks posted to receivers on loopback that fail, hang or are gone. */
class WebhookChannelTest {
    private static final String SECRET = "s3cret-for-hmac";

    @TempDir
    Path dir;
    private DeliveryDb db;
    private TestAlerts alerts;
    private DeliveryService delivery;
    private HttpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        db = new DeliveryDb(dir);
        alerts = new TestAlerts(db);
        receiver = new HttpReceiver(200);
        delivery = new DeliveryService(alerts.feed(), db.store,
                new DeliveryConfig(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), 100, "", Duration.ofSeconds(1)),
                new WebhookConfig(Duration.ofSeconds(2), true, 10),
                new WebPushConfig(false, "mailto:test@localhost", Duration.ofHours(1), Duration.ofSeconds(2), true),
                null, null).start();
    }

    @AfterEach
    void stop() {
        delivery.close();
        receiver.close();
        db.close();
    }

    private void raise(String user, String... behaviours) {
        alerts.append(user, "porch", List.of(behaviours));
        delivery.alertStored(user);
    }

    @Test
    void postsEachAlertSignedInOrder() throws Exception {
        delivery.addWebhook("user123", receiver.url("/hook"), SECRET, List.of());
        raise("user123", "fall");
        raise("someone-else", "fall");
        raise("user123", "running", "violence");
        awaitRequests(receiver, 2);
        Thread.sleep(300); // the other user's alert must not follow
        assertEquals(2, receiver.requests.size(), "only the user's own alerts");
        for (int i = 0; i < 2; i++) {
            Request request = receiver.requests.get(i);
            assertEquals("POST", request.method());
            assertEquals("application/json", request.header("Content-Type"));
            JsonObject event = Json.createReader(new java.io.StringReader(request.text())).readObject();
            assertEquals(i + 1, event.getInt("alert_id"), "the user's alert ids count for that user");
            assertEquals("user123", event.getString("user_id"));
            assertTrue(event.getString("snapshot_url").endsWith("/alerts/" + event.getInt("alert_id") + "/snapshot"));
            assertFalse(event.containsKey("annotated_frame"));
            assertSignature(request);
        }
        waitFor(() -> webhook().lastSuccess() != null, "status shows the success");
        assertEquals(0, webhook().failures());
    }

    /** What a receiver does: recompute the HMAC over "t.body" and compare, and refuse stale times. */
    private static void assertSignature(Request request) throws Exception {
        String header = request.header("X-Vigil-Signature");
        assertNotNull(header, "signed with the hook's secret");
        String[] parts = header.split(",");
        assertTrue(parts[0].startsWith("t=") && parts[1].startsWith("v1="), header);
        long t = Long.parseLong(parts[0].substring(2));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 60, "t is the sending time");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + request.text()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().formatHex(expected), parts[1].substring(3));
    }

    @Test
    void retriesServerErrorsWithGrowingBackoffThenDelivers() throws Exception {
        receiver.answer(503, 500, 502);
        delivery.addWebhook("user123", receiver.url("/hook"), null, List.of());
        raise("user123", "fall");
        raise("user123", "lying");
        awaitRequests(receiver, 5);
        List<Request> requests = receiver.requests;
        assertEquals(List.of(503, 500, 502, 200, 200), requests.stream().map(Request::answered).toList());
        for (int i = 0; i < 4; i++) {
            assertEquals(1, alertId(requests.get(i)), "the same alert until it is taken");
        }
        assertEquals(2, alertId(requests.get(4)), "then the next, in order");
        long gap1 = requests.get(1).receivedAtMillis() - requests.get(0).receivedAtMillis();
        long gap3 = requests.get(3).receivedAtMillis() - requests.get(2).receivedAtMillis();
        assertTrue(gap1 >= 100, "backoff at least half of retry-initial (jitter): " + gap1);
        assertTrue(gap3 >= 400, "backoff grows: " + gap3);
        assertNull(requests.get(0).header("X-Vigil-Signature"), "no secret, no signature");
        waitFor(() -> webhook().lastSuccess() != null, "success recorded");
        Webhook hook = webhook();
        assertEquals(3, hook.failures());
        assertEquals("HTTP 502", hook.lastError());
        assertNotNull(hook.lastErrorAt());
    }

    @Test
    void aHangingReceiverTimesOutAndIsRetried() throws Exception {
        receiver.answer(HANG);
        delivery.addWebhook("user123", receiver.url("/hook"), null, List.of());
        raise("user123", "fall");
        awaitRequests(receiver, 2);
        assertEquals(1, alertId(receiver.requests.get(1)));
        waitFor(() -> webhook().lastSuccess() != null, "delivered after the timeout");
        assertTrue(webhook().lastError().startsWith("no answer within 2000 ms"), webhook().lastError());
    }

    @Test
    void clientErrorsAreNotRetriedButTooManyRequestsIs() throws Exception {
        receiver.answer(400, 429).header(429, "Retry-After: 1");
        delivery.addWebhook("user123", receiver.url("/hook"), null, List.of());
        raise("user123", "fall");
        raise("user123", "lying");
        awaitRequests(receiver, 3);
        List<Request> requests = receiver.requests;
        assertEquals(1, alertId(requests.get(0)), "400: alert 1 refused, not retried");
        assertEquals(2, alertId(requests.get(1)));
        assertEquals(2, alertId(requests.get(2)), "429: alert 2 tried again");
        assertTrue(requests.get(2).receivedAtMillis() - requests.get(1).receivedAtMillis() >= 900,
                "after the Retry-After second");
        Thread.sleep(300);
        assertEquals(3, requests.size());
        waitFor(() -> figures().delivered() == 1 && figures().failed() == 1, "1 delivered, 1 refused");
    }

    @Test
    void goneDisablesTheHook() throws Exception {
        receiver.answer(410);
        delivery.addWebhook("user123", receiver.url("/hook"), null, List.of());
        raise("user123", "fall");
        waitFor(() -> !webhook().active(), "410 disables the hook");
        raise("user123", "fall");
        Thread.sleep(500);
        assertEquals(1, receiver.requests.size(), "nothing more is posted");
        assertTrue(webhook().lastError().startsWith("HTTP 410"));
    }

    @Test
    void behavioursFilter() throws Exception {
        delivery.addWebhook("user123", receiver.url("/hook"), null, List.of("fall", "violence"));
        raise("user123", "running");
        raise("user123", "violence");
        raise("user123", "lying");
        raise("user123", "fall", "lying");
        awaitRequests(receiver, 2);
        Thread.sleep(300);
        assertEquals(List.of(2L, 4L), receiver.requests.stream().map(WebhookChannelTest::alertId).toList());
    }

    @Test
    void aDeadHookHoldsUpNeitherOtherHooksNorItsOwnStatus() throws Exception {
        HttpReceiver dead = new HttpReceiver(503);
        try {
            delivery.addWebhook("user123", dead.url("/dead"), null, List.of());
            delivery.addWebhook("user123", receiver.url("/alive"), null, List.of());
            for (int i = 0; i < 5; i++) {
                raise("user123", "fall");
            }
            awaitRequests(receiver, 5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), receiver.requests.stream().map(WebhookChannelTest::alertId).toList());
            assertTrue(dead.requests.stream().allMatch(r -> alertId(r) == 1), "the dead hook keeps trying alert 1");
            waitFor(() -> figures().pending() >= 5, "the dead hook's alerts are pending");
        } finally {
            dead.close();
        }
    }

    private Webhook webhook() {
        return db.store.webhooks("user123").getFirst();
    }

    private ChannelStats.Figures figures() {
        return delivery.figures().stream().filter(f -> f.channel().equals("webhooks")).findFirst().orElseThrow();
    }

    private static long alertId(Request request) {
        return Json.createReader(new java.io.StringReader(request.text())).readObject().getJsonNumber("alert_id").longValue();
    }
}
