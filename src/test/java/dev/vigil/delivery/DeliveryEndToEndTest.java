package dev.vigil.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.TestServer;
import dev.vigil.delivery.HttpReceiver.Request;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole server: alerts handed to the real store writer (as the analysis hands them over) reach
 * a webhook, a push subscription and the MQTT broker registered through the API, with the ids the
 * store gave them; a restart resumes every channel from its cursor.
 */
class DeliveryEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Mosquitto broker;
    private HttpReceiver hook;
    private HttpReceiver pushService;
    private PushServiceReceiver browser;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        broker = new Mosquitto(dir).start();
        hook = new HttpReceiver(200);
        pushService = new HttpReceiver(201);
        browser = new PushServiceReceiver();
        server = newServer();
    }

    private TestServer newServer() {
        return new TestServer(Map.of(
                "vigil.analysis.enabled", "false",
                "vigil.store.path", dir.resolve("data").toString(),
                "vigil.mqtt.url", broker.url(),
                "vigil.webhooks.allow-private", "true",
                "vigil.webpush.allow-private", "true",
                "vigil.delivery.public-url", "http://vigil.test:8000",
                "vigil.delivery.retry-initial", "PT0.2S",
                "vigil.delivery.retry-max", "PT1S"));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        hook.close();
        pushService.close();
        broker.close();
    }

    private void raise(int frame) {
        dev.vigil.TestAlerts.raise(server.running(), "family", "stream-1", "front door", "fall", frame,
                new byte[] {(byte) 0xff, (byte) 0xd8, (byte) frame, (byte) 0xff, (byte) 0xd9});
    }

    private void register() throws Exception {
        assertEquals(201, server.post("/api/users/family/webhooks",
                "{\"url\": \"" + hook.url("/hook") + "\", \"secret\": \"k\"}").statusCode());
        assertEquals(201, server.post("/api/users/family/push-subscriptions", "{\"endpoint\": \""
                + pushService.url("/push/1") + "\", \"keys\": {\"p256dh\": \"" + browser.p256dh() + "\", \"auth\": \""
                + browser.auth() + "\"}}").statusCode());
    }

    @Test
    void storedAlertsReachEveryChannelWithTheirStoreIds() throws Exception {
        register();
        try (MqttWatcher watcher = new MqttWatcher(broker.port, "home", false, "vigil/#")) {
            for (int frame = 1; frame <= 3; frame++) {
                raise(frame);
            }
            HttpReceiver.awaitRequests(hook, 3);
            HttpReceiver.awaitRequests(pushService, 3);
            List<Long> hookIds = new ArrayList<>();
            for (Request request : hook.requests) {
                JsonObject event = TestServer.json(request.text());
                hookIds.add(event.getJsonNumber("alert_id").longValue());
                assertEquals("http://vigil.test:8000/api/users/family/alerts/" + event.getInt("alert_id") + "/snapshot",
                        event.getString("snapshot_url"));
                assertEquals("front door", event.getString("camera"));
                assertTrue(request.header("X-Vigil-Signature").startsWith("t="));
            }
            assertEquals(List.of(1L, 2L, 3L), hookIds, "the store's ids, in order");
            // The snapshot_url (public-url + path) is where the history API serves the stored JPEG.
            String path = TestServer.json(hook.requests.get(1).text()).getString("snapshot_url")
                    .substring("http://vigil.test:8000".length());
            var snapshot = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl() + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, snapshot.statusCode());
            assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xd8, 2, (byte) 0xff, (byte) 0xd9}, snapshot.body());
            List<Long> pushIds = new ArrayList<>();
            for (Request request : pushService.requests) {
                pushIds.add(PushServiceReceiver.json(browser.decrypt(request.body())).getJsonNumber("alert_id").longValue());
                PushServiceReceiver.verifyVapid(request.header("Authorization"),
                        server.running().delivery().vapid().orElseThrow().extractPublicKeyInUncompressedForm());
            }
            assertEquals(List.of(1L, 2L, 3L), pushIds);
            assertEquals(1, TestServer.json(watcher.next("vigil/events", WAIT).text()).getInt("alert_id"));
            assertEquals("ON", watcher.next("vigil/front_door/fall", WAIT).text());
            assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xd8, 1, (byte) 0xff, (byte) 0xd9},
                    watcher.next("vigil/front_door/snapshot", WAIT).payload(), "the stored snapshot");
        }
        TestServer.await("stats count the deliveries", WAIT, () -> {
            try {
                JsonObject delivery = server.getJson("/api/stats").getJsonObject("delivery");
                return delivery.getJsonObject("webhooks").getInt("delivered") == 3
                        && delivery.getJsonObject("webpush").getInt("delivered") == 3
                        && delivery.getJsonObject("mqtt").getInt("delivered") == 3
                        && delivery.getJsonObject("webhooks").getInt("pending") == 0;
            } catch (Exception e) {
                return false;
            }
        });
        JsonObject hooks = server.getJson("/api/users/family/webhooks").getJsonArray("webhooks").getJsonObject(0);
        assertTrue(!hooks.getJsonObject("status").isNull("last_success"));
    }

    @Test
    void aRestartResumesEachChannelFromItsCursor() throws Exception {
        register();
        hook.otherwise(503);
        pushService.otherwise(503);
        raise(1);
        raise(2);
        HttpReceiver.awaitRequests(hook, 2);
        HttpReceiver.awaitRequests(pushService, 2);
        server.close();
        server = null;

        hook.otherwise(200);
        pushService.otherwise(201);
        int hookBefore = hook.requests.size();
        int pushBefore = pushService.requests.size();
        server = newServer();
        HttpReceiver.awaitRequests(hook, hookBefore + 2);
        HttpReceiver.awaitRequests(pushService, pushBefore + 2);
        List<Long> hookIds = hook.requests.subList(hookBefore, hookBefore + 2).stream()
                .map(r -> TestServer.json(r.text()).getJsonNumber("alert_id").longValue()).toList();
        assertEquals(List.of(1L, 2L), hookIds, "both waiting alerts, in order, after the restart");
        List<Long> pushIds = new ArrayList<>();
        for (Request request : pushService.requests.subList(pushBefore, pushBefore + 2)) {
            pushIds.add(PushServiceReceiver.json(browser.decrypt(request.body())).getJsonNumber("alert_id").longValue());
        }
        assertEquals(List.of(1L, 2L), pushIds, "with the VAPID keys and subscription kept in the data folder");
    }
}
