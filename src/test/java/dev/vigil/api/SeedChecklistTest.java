package dev.vigil.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's "Testing Checklist", end to end over real WebRTC on 127.0.0.1. */
class SeedChecklistTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void walksTheSeedChecklistWithVp8AndH264Streams() throws Exception {
        String user = "checklist_user-1";
        try (AlertClient socket = new AlertClient(server.wsUrl(user));
             AlertClient secondTab = new AlertClient(server.wsUrl(user));
             WebRtcSender front = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 640, 480);
             WebRtcSender back = WebRtcSender.testPattern(WebRtcSender.Codec.H264, 640, 480)) {
            // Connect WebSocket with user_id.
            JsonObject hello = socket.await("greeting", DEADLINE, m -> m.getString("type").equals("connected"));
            assertEquals(user, hello.getString("user_id"));

            // Add first video stream, receive stream_id.
            HttpResponse<String> first = front.connect(server.baseUrl(), user,
                    Json.createObjectBuilder().add("camera", "front_door").add("location", "entrance").build());
            assertEquals(200, first.statusCode(), first.body());
            JsonObject firstAnswer = TestServer.json(first.body());
            assertEquals("answer", firstAnswer.getString("type"));
            assertEquals(user, firstAnswer.getString("user_id"));
            assertTrue(firstAnswer.getString("sdp").startsWith("v=0"));
            List<String> candidates = firstAnswer.getString("sdp").lines().filter(l -> l.startsWith("a=candidate:")).toList();
            assertFalse(candidates.isEmpty(), "the answer carries its gathered candidates");
            assertTrue(candidates.stream().allMatch(c -> c.contains(" 127.0.0.1 ")), "ICE bound to loopback: " + candidates);
            assertTrue(firstAnswer.getString("stream_id").matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));

            // Add second video stream, different stream_id.
            HttpResponse<String> second = back.connect(server.baseUrl(), user,
                    Json.createObjectBuilder().add("camera", "back_door").build());
            assertEquals(200, second.statusCode(), second.body());
            assertNotEquals(front.streamId(), back.streamId());

            // Both decode: frame counts rise on each.
            awaitFrames(user, front.streamId(), 20);
            awaitFrames(user, back.streamId(), 20);
            JsonObject listing = server.getJson("/api/users/" + user + "/streams");
            assertEquals(2, listing.getJsonArray("streams").size());
            JsonObject frontEntry = server.streamEntry(user, front.streamId());
            assertEquals("front_door", frontEntry.getJsonObject("stream_metadata").getString("camera"));
            assertEquals("live", frontEntry.getString("state"));
            assertEquals(640, frontEntry.getInt("width"));
            assertEquals(480, frontEntry.getInt("height"));

            // Close a specific stream; the other stays active.
            HttpResponse<String> closed = server.delete("/api/users/" + user + "/streams/" + front.streamId());
            assertEquals(200, closed.statusCode(), closed.body());
            JsonObject closedMessage = socket.await("stream_closed for the front stream", DEADLINE,
                    m -> m.getString("type").equals("stream_closed") && m.getString("stream_id").equals(front.streamId()));
            assertEquals("closed_by_client", closedMessage.getString("reason"));
            assertEquals(user, closedMessage.getString("user_id"));
            long backFrames = server.streamEntry(user, back.streamId()).getJsonNumber("frames_decoded").longValue();
            awaitFrames(user, back.streamId(), backFrames + 15);
            assertEquals(List.of(back.streamId()), streamIds(user));

            // Close all streams; both tabs are told.
            HttpResponse<String> all = server.delete("/api/users/" + user);
            assertEquals(200, all.statusCode(), all.body());
            assertEquals(List.of(back.streamId()),
                    TestServer.json(all.body()).getJsonArray("closed_stream_ids").getValuesAs(jakarta.json.JsonString.class)
                            .stream().map(jakarta.json.JsonString::getString).toList());
            for (AlertClient tab : List.of(socket, secondTab)) {
                tab.await("stream_closed for the back stream", DEADLINE,
                        m -> m.getString("type").equals("stream_closed") && m.getString("stream_id").equals(back.streamId()));
            }
            assertEquals(List.of(), streamIds(user));
        }
        // WebSocket cleanup: with its sockets gone the user is unknown again.
        TestServer.await("sockets to be released", DEADLINE,
                () -> server.running().hub().socketCount() == 0);
        assertEquals(404, server.get("/api/users/" + user + "/streams").statusCode());
    }

    private static void awaitFrames(String user, String streamId, long atLeast) throws InterruptedException {
        TestServer.await("stream " + streamId + " to decode " + atLeast + " frames", DEADLINE, () -> {
            try {
                return server.streamEntry(user, streamId).getJsonNumber("frames_decoded").longValue() >= atLeast;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static List<String> streamIds(String user) throws Exception {
        return server.getJson("/api/users/" + user + "/streams").getJsonArray("streams").getValuesAs(JsonObject.class)
                .stream().map(s -> s.getString("stream_id")).toList();
    }
}
