package dev.vigil.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention as the running server applies it on its schedule (every retention-interval), with
 * nobody calling it: alerts older than retention-days are deleted, and past the snapshot budget
 * the oldest snapshots go while their alerts stay listed.
 */
class RetentionScheduleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void theScheduleDeletesOldAlertsAndKeepsSnapshotsWithinTheBudget() throws Exception {
        byte[] jpeg = TestAlerts.jpeg(160, 120, 3);
        long budget = jpeg.length * 5L / 2; // room for two snapshots, not three
        try (TestServer server = new TestServer(Map.of("vigil.analysis.enabled", "false",
                "vigil.store.retention-days", "30", "vigil.store.retention-interval", "PT0.2S",
                "vigil.store.max-snapshot-bytes", Long.toString(budget)))) {
            Instant old = Instant.now().minus(Duration.ofDays(40));
            TestAlerts.raiseAt(server.running(), "ann", "s1", "gym", "fall", 1, jpeg, old);
            TestAlerts.raiseAt(server.running(), "ann", "s1", "gym", "fall", 2, jpeg, old.plusSeconds(1));
            for (int frame = 3; frame <= 5; frame++) {
                TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", frame, jpeg);
            }
            TestServer.await("the schedule's passes done", DEADLINE, () -> {
                List<JsonObject> alerts = list(server);
                return alerts.size() == 3 && alerts.get(2).isNull("snapshot_url");
            });
            List<JsonObject> alerts = list(server);
            assertEquals(List.of(5, 4, 3), alerts.stream().map(a -> a.getInt("alert_id")).toList(),
                    "the two alerts of 40 days ago are gone; the recent ones stay");
            assertTrue(alerts.get(2).isNull("snapshot_url"), "the oldest snapshot went over the budget");
            assertEquals(404, server.get("/api/users/ann/alerts/3/snapshot").statusCode());
            assertEquals(404, server.get("/api/users/ann/alerts/1").statusCode());
            for (JsonObject kept : alerts.subList(0, 2)) {
                var snapshot = server.get(kept.getString("snapshot_url"));
                assertEquals(200, snapshot.statusCode(), "newest snapshots kept within the budget");
            }
        }
    }

    private static List<JsonObject> list(TestServer server) {
        try {
            return server.getJson("/api/users/ann/alerts").getJsonArray("alerts").getValuesAs(JsonObject.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
