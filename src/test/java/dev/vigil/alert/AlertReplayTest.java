package dev.vigil.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.vigil.AlertClient;
import dev.vigil.PostgresServer;
import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import dev.vigil.store.AlertRecord;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write before send and replay, through the real server, its real store (SQLite file and real
 * PostgreSQL) and real WebSockets. Alerts are handed to the store writer as the analysis does.
 */
class AlertReplayTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    static TestServer server(String backend, Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("vigil.analysis.enabled", "false"));
        if (backend.equals("postgresql")) {
            settings.put("vigil.store.url", PostgresServer.shared().newDatabase());
            settings.put("vigil.store.user", PostgresServer.USER);
        }
        settings.putAll(more);
        return new TestServer(settings);
    }

    private static List<Long> alertIds(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getJsonNumber("alert_id").longValue()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void liveAlertsAreStoredFirstAndCarryTheirId(String backend) throws Exception {
        try (TestServer server = server(backend, Map.of());
             AlertClient socket = new AlertClient(server.wsUrl("ann"))) {
            socket.await("connected", DEADLINE, m -> m.getString("type").equals("connected"));
            byte[] jpeg = TestAlerts.jpeg(64, 48, 1);
            TestAlerts.raise(server.running(), "ann", "stream-1", "gym", "fall", 7, jpeg);
            TestAlerts.raise(server.running(), "ann", "stream-1", "gym", "fall", 8, jpeg);
            TestServer.await("two alerts", DEADLINE, () -> socket.messages("anomaly_detected").size() == 2);
            List<JsonObject> alerts = socket.messages("anomaly_detected");
            assertEquals(List.of(1L, 2L), alertIds(alerts));
            JsonObject first = alerts.get(0);
            // The seed's fields, unchanged.
            assertEquals("ann", first.getString("user_id"));
            assertEquals("stream-1", first.getString("stream_id"));
            assertEquals("jpeg", first.getString("frame_format"));
            assertEquals(7, first.getJsonObject("result").getInt("frame_number"));
            assertArrayEquals(jpeg, Base64.getDecoder().decode(first.getString("annotated_frame")));
            assertFalse(first.containsKey("replayed"), "live alerts are not marked replayed");
            // Stored before it was sent: the store has it with its snapshot.
            AlertRecord stored = server.running().storage().store().find("ann", 1).orElseThrow();
            assertEquals("gym", stored.camera());
            assertArrayEquals(jpeg, server.running().storage().store().snapshot("ann", 1).orElseThrow());
            JsonObject storedBody = TestServer.json(stored.messageJson());
            assertFalse(storedBody.containsKey("annotated_frame"), "the image is kept once, as the snapshot");
            assertEquals(first.getJsonNumber("timestamp"), storedBody.getJsonNumber("timestamp"));
            JsonObject stats = server.getJson("/api/stats").getJsonObject("store");
            assertEquals(backend, stats.getString("backend"));
            assertTrue(stats.getBoolean("healthy"));
            assertEquals(2, stats.getInt("alerts_stored"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void sinceReplaysWhatCameAfterThenLiveWithNoGapAndNoDuplicate(String backend) throws Exception {
        try (TestServer server = server(backend, Map.of())) {
            byte[] jpeg = TestAlerts.jpeg(160, 120, 2);
            for (int i = 1; i <= 300; i++) {
                TestAlerts.raise(server.running(), "ann", "stream-1", "gym", "fall", i, jpeg);
            }
            TestAlerts.raise(server.running(), "bob", "stream-2", "hall", "running", 1, jpeg);
            TestServer.await("300 stored", DEADLINE, () -> server.running().storage().store().lastId("ann") == 300);

            try (AlertClient plain = new AlertClient(server.wsUrl("ann"));
                 AlertClient replaying = new AlertClient(server.wsUrl("ann") + "?since=120")) {
                // Alerts raised while the replay runs must come exactly once, after the replayed ones.
                for (int i = 301; i <= 340; i++) {
                    TestAlerts.raise(server.running(), "ann", "stream-1", "gym", "fall", i, jpeg);
                }
                TestServer.await("every alert up to 340", DEADLINE,
                        () -> replaying.messages("anomaly_detected").size() >= 220
                                && plain.messages("anomaly_detected").size() >= 40);
                List<JsonObject> messages = replaying.messages();
                assertEquals("connected", messages.get(0).getString("type"), "the greeting comes first");
                List<JsonObject> alerts = replaying.messages("anomaly_detected");
                assertEquals(LongStream.rangeClosed(121, 340).boxed().toList(), alertIds(alerts),
                        "every alert after 120, in order, each once");
                for (JsonObject alert : alerts) {
                    assertEquals("ann", alert.getString("user_id"));
                    if (alert.getJsonNumber("alert_id").longValue() <= 300) {
                        assertTrue(alert.getBoolean("replayed"), "stored before the socket opened: replayed");
                        assertArrayEquals(jpeg, Base64.getDecoder().decode(alert.getString("annotated_frame")));
                    }
                }
                assertFalse(alerts.get(alerts.size() - 1).getBoolean("replayed", false), "the last ones came live");
                // Without since, as before: only live alerts.
                List<JsonObject> live = plain.messages("anomaly_detected");
                assertEquals(LongStream.rangeClosed(301, 340).boxed().toList(), alertIds(live));
                assertTrue(live.stream().noneMatch(m -> m.containsKey("replayed")));
            }
            try (AlertClient all = new AlertClient(server.wsUrl("bob") + "?since=0")) {
                TestServer.await("bob's one alert", DEADLINE, () -> all.messages("anomaly_detected").size() == 1);
                assertEquals("bob", all.messages("anomaly_detected").get(0).getString("user_id"), "only the user's own");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aBadSinceIsRefused(String backend) throws Exception {
        try (TestServer server = server(backend, Map.of())) {
            for (String bad : List.of("-1", "abc", "1.5")) {
                boolean refused;
                try (AlertClient ignored = new AlertClient(server.wsUrl("ann") + "?since=" + bad)) {
                    refused = false;
                } catch (Exception e) {
                    refused = true;
                }
                assertTrue(refused, "since=" + bad + " is refused");
            }
        }
    }

    static List<Long> missing(List<Long> received, long last) {
        List<Long> gaps = new ArrayList<>();
        for (long id = 1; id <= last; id++) {
            if (!received.contains(id)) {
                gaps.add(id);
            }
        }
        return gaps;
    }
}
