package dev.vigil.analysis;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real people over real WebRTC into the real server with the real model: a fall alerts on the
 * user's sockets with the seed's message, a person standing still never does.
 */
class AlertEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Path FALL = Path.of("src/test/resources/clips/fall.mp4");
    private static final Path STANDING = Path.of("src/test/resources/clips/standing.mp4");
    private static TestServer server;

    @BeforeAll
    static void start() {
        assertTrue(java.nio.file.Files.isRegularFile(FALL) && java.nio.file.Files.isRegularFile(STANDING),
                "fixture clips in src/test/resources/clips");
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFallAlertsOnlyOnItsOwnStreamWithTheSeedMessage() throws Exception {
        String user = "alert_user";
        try (AlertClient socket = new AlertClient(server.wsUrl(user));
             WebRtcSender standing = WebRtcSender.file(STANDING, WebRtcSender.Codec.VP8);
             WebRtcSender falling = WebRtcSender.file(FALL, WebRtcSender.Codec.H264)) {
            assertEquals(200, standing.connect(server.baseUrl(), user,
                    Json.createObjectBuilder().add("camera", "hallway").build()).statusCode());
            assertEquals(200, falling.connect(server.baseUrl(), user,
                    Json.createObjectBuilder().add("camera", "gym").build()).statusCode());

            JsonObject alert = socket.await("an anomaly_detected message", DEADLINE,
                    m -> m.getString("type").equals("anomaly_detected"));
            assertEquals(falling.streamId(), alert.getString("stream_id"), "the alert names the falling stream");
            assertSeedShape(alert, user);
            // Stored before it was sent, with the very snapshot the socket got.
            long alertId = alert.getJsonNumber("alert_id").longValue();
            assertTrue(alertId >= 1);
            assertEquals(alert.getString("annotated_frame"), java.util.Base64.getEncoder().encodeToString(
                    server.running().storage().store().snapshot(user, alertId).orElseThrow()));
            assertEquals("gym", alert.getString("camera"));
            List<String> behaviours = alert.getJsonArray("behaviours").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
            assertTrue(behaviours.contains("fall") || behaviours.contains("lying"), "behaviours " + behaviours);

            JsonObject result = alert.getJsonObject("result");
            int frameWidth = alert.getInt("frame_width");
            int frameHeight = alert.getInt("frame_height");
            JsonObject listed = server.streamEntry(user, falling.streamId());
            assertEquals(listed.getInt("width"), frameWidth, "snapshot at the decoded resolution");
            assertEquals(listed.getInt("height"), frameHeight);
            JsonObject bbox = result.getJsonObject("bbox");
            assertTrue(bbox.getInt("x") >= 0 && bbox.getInt("y") >= 0 && bbox.getInt("w") > 10 && bbox.getInt("h") > 10);
            assertTrue(bbox.getInt("x") + bbox.getInt("w") <= frameWidth && bbox.getInt("y") + bbox.getInt("h") <= frameHeight);
            BufferedImage snapshot = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(alert.getString("annotated_frame"))));
            assertEquals(frameWidth, snapshot.getWidth());
            assertEquals(frameHeight, snapshot.getHeight());
            assertTrue(hasRedBoxEdge(snapshot, bbox), "the abnormal person is outlined in red");

            // Let the standing clip play on, analysed, then check it never alerted.
            long analysedBefore = server.streamEntry(user, standing.streamId()).getJsonNumber("frames_analysed").longValue();
            TestServer.await("the standing stream to be analysed further", DEADLINE, () -> {
                try {
                    return server.streamEntry(user, standing.streamId()).getJsonNumber("frames_analysed").longValue()
                            > analysedBefore + 20;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(socket.messages("anomaly_detected").stream()
                    .noneMatch(m -> m.getString("stream_id").equals(standing.streamId())), "no alert for a person standing");
            assertTrue(server.getJson("/api/stats").getInt("alerts_sent") >= 1);
            assertTrue(server.getJson("/api/stats").getJsonObject("alert_latency_ms").getJsonNumber("p50").doubleValue() > 0);
            server.delete("/api/users/" + user);
        }
    }

    @Test
    void socketsAndStreamsClosingMidAlertDisturbNothingElse() throws Exception {
        String user = "mid_alert_user";
        AlertClient leaving = new AlertClient(server.wsUrl(user));
        try (AlertClient staying = new AlertClient(server.wsUrl(user));
             WebRtcSender other = WebRtcSender.file(STANDING, WebRtcSender.Codec.VP8);
             WebRtcSender falling = WebRtcSender.file(FALL, WebRtcSender.Codec.VP8)) {
            assertEquals(200, other.connect(server.baseUrl(), user, JsonValue.EMPTY_JSON_OBJECT).statusCode());
            assertEquals(200, falling.connect(server.baseUrl(), user, JsonValue.EMPTY_JSON_OBJECT).statusCode());
            TestServer.await("the falling stream to be analysed", DEADLINE, () -> analysed(user, falling.streamId()) > 5);
            leaving.close(); // a tab closes while alerts are on their way
            JsonObject alert = staying.await("the alert on the socket that stayed", DEADLINE,
                    m -> m.getString("type").equals("anomaly_detected"));
            // Close the alerting stream at once, while its worker may still be encoding.
            assertEquals(200, server.delete("/api/users/" + user + "/streams/" + alert.getString("stream_id")).statusCode());
            long before = analysed(user, other.streamId());
            TestServer.await("the other stream to go on", DEADLINE, () -> analysed(user, other.streamId()) > before + 10);
            assertEquals(1, server.getJson("/api/users/" + user + "/streams").getJsonArray("streams").size());
            server.delete("/api/users/" + user);
        }
    }

    private static long analysed(String user, String streamId) {
        try {
            return server.streamEntry(user, streamId).getJsonNumber("frames_analysed").longValue();
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    /** Every field of the seed's message, with the seed's types. */
    private static void assertSeedShape(JsonObject alert, String user) {
        assertEquals("anomaly_detected", alert.getString("type"));
        assertEquals(user, alert.getString("user_id"));
        assertEquals("jpeg", alert.getString("frame_format"));
        assertFalse(alert.getString("annotated_frame").isEmpty());
        JsonObject result = alert.getJsonObject("result");
        assertTrue(result.getJsonNumber("person_id").isIntegral() && result.getInt("person_id") >= 1);
        assertTrue(result.getJsonNumber("frame_number").isIntegral() && result.getInt("frame_number") >= 1);
        JsonNumber score = result.getJsonNumber("score");
        assertTrue(score.doubleValue() < 0, "abnormal means a negative score");
        assertEquals(JsonValue.TRUE, result.get("is_abnormal"));
        assertEquals("Abnormal", result.getString("classification"));
        assertTrue(Set.of("High", "Medium", "Low").contains(result.getString("confidence")));
        JsonObject bbox = result.getJsonObject("bbox");
        for (String key : List.of("x", "y", "w", "h")) {
            assertTrue(bbox.getJsonNumber(key).isIntegral(), key + " is an integer");
        }
    }

    private static boolean hasRedBoxEdge(BufferedImage image, JsonObject bbox) {
        int x = bbox.getInt("x");
        int y = bbox.getInt("y") + bbox.getInt("h") / 2;
        for (int dx = -3; dx <= 3; dx++) {
            int px = Math.max(0, Math.min(image.getWidth() - 1, x + dx));
            int rgb = image.getRGB(px, y);
            if (((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 110 && (rgb & 0xff) < 110) {
                return true;
            }
        }
        return false;
    }
}
