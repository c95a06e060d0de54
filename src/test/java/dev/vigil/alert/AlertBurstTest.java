package dev.vigil.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.vigil.AlertClient;
import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many cameras alerting at once: the store writer takes the alerts that queued up during a write
 * into one transaction. Whatever it groups, every socket gets each of its user's alerts exactly
 * once, in the order raised, with ids 1, 2, 3, ... and the history holds them all.
 */
class AlertBurstTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int USERS = 4;
    private static final int PER_USER = 25;

    @Test
    void aBurstFromSeveralUsersIsStoredAndSentOnceEachInOrder() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.analysis.enabled", "false"))) {
            List<AlertClient> sockets = new ArrayList<>();
            try {
                for (int u = 0; u < USERS; u++) {
                    sockets.add(new AlertClient(server.wsUrl("user" + u)));
                }
                byte[] jpeg = TestAlerts.jpeg(320, 240, 9);
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> cameras = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    String user = "user" + u;
                    cameras.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int frame = 1; frame <= PER_USER; frame++) {
                            TestAlerts.raise(server.running(), user, "s-" + user, "cam", "fall", frame, jpeg);
                        }
                    }));
                }
                start.countDown();
                for (Thread camera : cameras) {
                    camera.join();
                }
                List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, PER_USER).boxed().toList();
                for (int u = 0; u < USERS; u++) {
                    AlertClient socket = sockets.get(u);
                    TestServer.await("user" + u + "'s alerts", DEADLINE,
                            () -> socket.messages("anomaly_detected").size() >= PER_USER);
                    List<JsonObject> alerts = socket.messages("anomaly_detected");
                    assertEquals(expected, alerts.stream().map(a -> a.getInt("alert_id")).toList(), "ids, once each");
                    assertEquals(expected, alerts.stream().map(a -> a.getJsonObject("result").getInt("frame_number")).toList(),
                            "in the order raised");
                    assertEquals(PER_USER, server.getJson("/api/users/user" + u + "/alerts?limit=500")
                            .getJsonArray("alerts").size());
                }
                assertEquals(USERS * PER_USER, server.getJson("/api/stats").getJsonObject("store").getInt("alerts_stored"));
            } finally {
                sockets.forEach(AlertClient::close);
            }
        }
    }
}
