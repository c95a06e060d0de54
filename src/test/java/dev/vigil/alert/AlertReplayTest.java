package dev.vigil.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.vigil.AlertClient;
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
        return TestServer.onStore(backend, more);
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
            // Stored is not yet sent: the writer publishes each batch after its commit. Bob's alert, raised last,
            // reaching his socket says all of Ann's 300 have gone out, so none of them reaches her sockets below live.
            try (AlertClient bobLive = new AlertClient(server.wsUrl("bob"))) {
                TestServer.await("bob connected", DEADLINE, () -> !bobLive.messages("connected").isEmpty());
                for (int i = 1; i <= 300; i++) {
                    TestAlerts.raise(server.running(), "ann", "stream-1", "gym", "fall", i, jpeg);
                }
                TestAlerts.raise(server.running(), "bob", "stream-2", "hall", "running", 1, jpeg);
                TestServer.await("300 stored and sent", DEADLINE, () -> !bobLive.messages("anomaly_detected").isEmpty());
            }
            assertEquals(300, server.running().storage().store().lastId("ann"));

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

    /**
     * A client that stops reading: its TCP buffers fill, the server's send blocks, its bounded
     * queue overflows and drops the oldest alerts. Afterwards it sees the gap in alert_id and
     * fetches exactly what it lost, with ?since= and with the history API.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aSocketWhoseQueueOverflowedFetchesWhatItLost(String backend) throws Exception {
        int total = 120;
        try (TestServer server = server(backend, Map.of("vigil.alerts.queue-capacity", "4"));
             StalledSocket stalled = new StalledSocket(server.running().port(), "ann")) {
            byte[] jpeg = TestAlerts.jpeg(640, 480, 3);
            for (int i = 1; i <= total; i++) {
                TestAlerts.raise(server.running(), "ann", "stream-1", "gym", "fall", i, jpeg);
            }
            TestServer.await("all stored and some dropped", DEADLINE,
                    () -> server.running().storage().store().lastId("ann") == total
                            && server.running().hub().messagesDropped() > 0);
            List<Long> received = stalled.readAlertIds();
            List<Long> lost = missing(received, total);
            assertFalse(lost.isEmpty(), "the queue overflowed");
            assertEquals(received.stream().sorted().toList(), received, "what arrived is in order");

            long lastContiguous = lost.get(0) - 1;
            try (AlertClient catchUp = new AlertClient(server.wsUrl("ann") + "?since=" + lastContiguous)) {
                TestServer.await("the replay", DEADLINE, () -> catchUp.messages("anomaly_detected").size() == total - lastContiguous);
                List<Long> replayed = alertIds(catchUp.messages("anomaly_detected"));
                assertTrue(replayed.containsAll(lost), "every lost alert is replayed");
            }
            List<Long> listed = new ArrayList<>();
            String cursor = null;
            do {
                JsonObject page = server.getJson("/api/users/ann/alerts?limit=500&after_id=" + lastContiguous
                        + (cursor == null ? "" : "&cursor=" + cursor));
                page.getJsonArray("alerts").getValuesAs(JsonObject.class)
                        .forEach(a -> listed.add(a.getJsonNumber("alert_id").longValue()));
                cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
            } while (cursor != null);
            assertTrue(listed.containsAll(lost), "and listed by the history API");
        }
    }

    /** A raw WebSocket client that does the handshake, then reads nothing until asked. */
    static final class StalledSocket implements AutoCloseable {
        private final java.net.Socket socket = new java.net.Socket();
        private final java.io.InputStream in;

        StalledSocket(int port, String user) throws Exception {
            socket.setReceiveBufferSize(8192);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            socket.getOutputStream().write(("GET /ws/alerts/" + user + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            in = new java.io.BufferedInputStream(socket.getInputStream());
            StringBuilder headers = new StringBuilder();
            while (!headers.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("no handshake: " + headers);
                }
                headers.append((char) b);
            }
            assertTrue(headers.toString().startsWith("HTTP/1.1 101"), headers.toString());
        }

        /**
         * Reads every frame until no message but pings has come for 3 s (the server pings every
         * 2 s, so plain silence never comes); the alert ids in order.
         */
        List<Long> readAlertIds() throws Exception {
            socket.setSoTimeout(500);
            List<Long> ids = new ArrayList<>();
            java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
            java.io.DataInputStream data = new java.io.DataInputStream(in);
            long lastMessage = System.nanoTime();
            while (System.nanoTime() - lastMessage < 3_000_000_000L) {
                int b0;
                try {
                    b0 = data.read();
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                if (b0 < 0) {
                    break;
                }
                socket.setSoTimeout(30_000); // inside a frame: it is coming
                int b1 = data.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                byte[] payload = data.readNBytes((int) length);
                socket.setSoTimeout(500);
                int opcode = b0 & 0x0f;
                if (opcode == 1 || opcode == 0) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        JsonObject json = TestServer.json(message.toString(java.nio.charset.StandardCharsets.UTF_8));
                        if (json.getString("type").equals("anomaly_detected")) {
                            ids.add(json.getJsonNumber("alert_id").longValue());
                        }
                        message.reset();
                        lastMessage = System.nanoTime();
                    }
                }
            }
            return ids;
        }

        @Override
        public void close() throws Exception {
            socket.close();
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
