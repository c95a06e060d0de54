package dev.vigil.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal answers JSON {"error","message"} with its status and leaves nothing behind. */
class ErrorCasesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static TestServer server;
    private static String realOffer;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of(
                "vigil.api.max-body-bytes", "65536",
                "vigil.streams.max-per-user", "2",
                "vigil.streams.max-total", "3"));
        try (WebRtcSender sender = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            realOffer = sender.createOffer();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refusesBadOffersWithClearJsonErrors() throws Exception {
        assertError(server.post("/api/offer", "{not json"), 400, "invalid_json");
        assertError(server.post("/api/offer", "[1,2]"), 400, "invalid_json");
        assertError(server.post("/api/offer", ""), 400, "invalid_json");
        assertError(server.post("/api/offer", offer(realOffer, "offer", null)), 400, "missing_field");
        assertError(server.post("/api/offer", offer(realOffer, "offer", "bad user!")), 400, "invalid_user_id");
        assertError(server.post("/api/offer", offer(realOffer, "offer", "")), 400, "invalid_user_id");
        assertError(server.post("/api/offer", offer(realOffer, "offer", "u".repeat(129))), 400, "invalid_user_id");
        assertError(server.post("/api/offer", offer(realOffer, "answer", "errors_user")), 400, "invalid_type");
        assertError(server.post("/api/offer", offer("hello", "offer", "errors_user")), 400, "invalid_sdp");
        assertError(server.post("/api/offer", offer("v=0\r\nthis is not sdp\r\n", "offer", "errors_user")), 400, "invalid_sdp");
        assertError(server.post("/api/offer", offer(realOffer.replace("m=video", "m=audio"), "offer", "errors_user")),
                400, "invalid_sdp");
        assertError(server.post("/api/offer", Json.createObjectBuilder().add("sdp", 42).add("type", "offer")
                .add("user_id", "errors_user").build().toString()), 400, "invalid_field");
        assertError(server.post("/api/offer", Json.createObjectBuilder().add("sdp", realOffer).add("type", "offer")
                .add("user_id", "errors_user").add("stream_metadata", "front door").build().toString()), 400, "invalid_field");
        String huge = offer(realOffer + "a=x-padding:" + "x".repeat(70_000) + "\r\n", "offer", "errors_user");
        assertError(server.post("/api/offer", huge), 413, "body_too_large");

        // Nothing was left behind.
        assertError(server.get("/api/users/errors_user/streams"), 404, "unknown_user");
        JsonObject stats = server.getJson("/api/stats");
        assertEquals(0, stats.getInt("streams"));
        // Process-wide figures, native threads included (a JVM-only count would be a handful).
        assertTrue(stats.getInt("threads") > 10, "threads " + stats.getInt("threads"));
        assertTrue(stats.getJsonNumber("rss_bytes").longValue() > 50L << 20, "rss " + stats.get("rss_bytes"));
        assertGoodStreamStillWorks("errors_after_user");
    }

    @Test
    void answersNotFoundForUnknownUsersStreamsAndEndpoints() throws Exception {
        assertError(server.get("/api/users/nobody/streams"), 404, "unknown_user");
        assertError(server.delete("/api/users/nobody"), 404, "unknown_user");
        assertError(server.delete("/api/users/nobody/streams/00000000-0000-0000-0000-000000000000"), 404, "unknown_stream");
        assertError(server.put("/api/users/nobody/streams/00000000-0000-0000-0000-000000000000/metadata", "{}"),
                404, "unknown_stream");
        assertError(server.get("/api/users/bad%20user/streams"), 400, "invalid_user_id");
        assertError(server.get("/api/no-such-thing"), 404, "not_found");
    }

    @Test
    void limitsStreamsPerUserAndServerWide() throws Exception {
        try (WebRtcSender a = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
             WebRtcSender b = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
             WebRtcSender c = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
             WebRtcSender d = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
             WebRtcSender e = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            JsonObject empty = JsonObject.EMPTY_JSON_OBJECT;
            assertEquals(200, a.connect(server.baseUrl(), "limit_user", empty).statusCode());
            assertEquals(200, b.connect(server.baseUrl(), "limit_user", empty).statusCode());
            assertError(c.connect(server.baseUrl(), "limit_user", empty), 429, "too_many_streams");
            assertEquals(200, c.connect(server.baseUrl(), "limit_other", empty).statusCode());
            assertError(d.connect(server.baseUrl(), "limit_third", empty), 503, "server_at_capacity");
            // Refused offers took no slot: closing one frees exactly one.
            assertEquals(3, server.getJson("/api/stats").getInt("streams"));
            assertEquals(200, server.delete("/api/users/limit_other").statusCode());
            assertEquals(200, e.connect(server.baseUrl(), "limit_third", empty).statusCode());
            TestServer.await("the surviving streams to decode", DEADLINE, () -> framesOf("limit_third") > 10);
            assertEquals(200, server.delete("/api/users/limit_user").statusCode());
            assertEquals(200, server.delete("/api/users/limit_third").statusCode());
        }
    }

    private static long framesOf(String user) {
        try {
            return server.getJson("/api/users/" + user + "/streams").getJsonArray("streams").getValuesAs(JsonObject.class)
                    .stream().mapToLong(s -> s.getJsonNumber("frames_decoded").longValue()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void assertGoodStreamStillWorks(String user) throws Exception {
        try (WebRtcSender sender = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            HttpResponse<String> response = sender.connect(server.baseUrl(), user, JsonObject.EMPTY_JSON_OBJECT);
            assertEquals(200, response.statusCode(), response.body());
            TestServer.await("a good stream to decode after the bad ones", DEADLINE, () -> framesOf(user) > 10);
            assertEquals(200, server.delete("/api/users/" + user).statusCode());
        }
    }

    private static String offer(String sdp, String type, String userId) {
        var body = Json.createObjectBuilder().add("sdp", sdp).add("type", type);
        if (userId != null) {
            body.add("user_id", userId);
        }
        return body.add("stream_metadata", Json.createObjectBuilder().add("camera", "test")).build().toString();
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON content type");
        JsonObject body = TestServer.json(response.body());
        assertEquals(code, body.getString("error"), response.body());
        assertFalse(body.getString("message").isBlank(), "a message that says what to do");
    }
}
