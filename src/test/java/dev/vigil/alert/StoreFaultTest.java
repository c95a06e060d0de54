package dev.vigil.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.AlertClient;
import dev.vigil.PostgresServer;
import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away under a running server (a real PostgreSQL stopped, then started again):
 * live alerts keep flowing, the fault shows in /api/stats, and the store recovers by itself,
 * storing the alerts it missed.
 */
class StoreFaultTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void liveAlertsFlowWhileTheDatabaseIsDownAndTheStoreRecoversByItself() throws Exception {
        try (PostgresServer postgres = PostgresServer.startNew()) {
            String url = postgres.newDatabase();
            try (TestServer server = new TestServer(Map.of("vigil.analysis.enabled", "false",
                    "vigil.store.url", url, "vigil.store.user", PostgresServer.USER,
                    "vigil.store.connect-timeout", "PT1S", "vigil.store.retry-interval", "PT0.5S"));
                 AlertClient socket = new AlertClient(server.wsUrl("ann"))) {
                byte[] jpeg = TestAlerts.jpeg(64, 48, 5);
                TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", 1, jpeg);
                socket.await("alert 1", DEADLINE, m -> m.getInt("alert_id", 0) == 1);

                postgres.stop();
                TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", 2, jpeg);
                TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", 3, jpeg);
                TestServer.await("both alerts live during the fault", DEADLINE,
                        () -> socket.messages("anomaly_detected").size() == 3);
                List<JsonObject> alerts = socket.messages("anomaly_detected");
                assertFalse(alerts.get(1).containsKey("alert_id"), "not stored yet, so no id");
                assertEquals(3, alerts.get(2).getJsonObject("result").getInt("frame_number"));
                JsonObject faulty = server.getJson("/api/stats").getJsonObject("store");
                assertFalse(faulty.getBoolean("healthy"));
                assertTrue(faulty.getInt("store_failures") >= 1);
                assertFalse(faulty.getString("last_error").isBlank());
                assertEquals(2, faulty.getInt("alerts_waiting"));
                var history = server.get("/api/users/ann/alerts");
                assertEquals(503, history.statusCode());
                assertEquals("store_unavailable", TestServer.json(history.body()).getString("error"));

                postgres.start();
                TestServer.await("the store healthy again", DEADLINE, () -> {
                    try {
                        return server.getJson("/api/stats").getJsonObject("store").getBoolean("healthy");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertEquals(0, server.getJson("/api/stats").getJsonObject("store").getInt("alerts_waiting"));
                TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", 4, jpeg);
                JsonObject fourth = socket.await("alert 4 with an id", DEADLINE,
                        m -> m.getString("type").equals("anomaly_detected") && m.getInt("alert_id", 0) == 4);
                assertEquals(4, fourth.getJsonObject("result").getInt("frame_number"));
                // The alerts sent during the fault were stored when it ended, in order.
                List<Integer> frames = server.getJson("/api/users/ann/alerts").getJsonArray("alerts")
                        .getValuesAs(JsonObject.class).stream()
                        .map(a -> a.getJsonObject("result").getInt("frame_number")).toList();
                assertEquals(List.of(4, 3, 2, 1), frames);
            }
        }
    }
}
