package dev.vigil.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.vigil.auth.AuthHttp.bearer;
import static dev.vigil.auth.AuthHttp.call;
import static dev.vigil.auth.AuthHttp.error;
import static dev.vigil.auth.AuthHttp.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DELETE /api/admin/users/{id} with the user still holding things open, on both credential store
 * backends (SQLite file, real PostgreSQL): the user's stream ends (gone from /api/stats), their
 * alert socket gets stream_closed and a user_deleted error then close 1008, a socket an admin
 * user opened on someone else's path ends with that admin's deletion, and every old credential
 * (session token, cookie, API key, unredeemed WebSocket ticket, password) is refused after.
 * Other users' sockets stay open.
 */
class UserDeletionTest {
    private static final String ADMIN_PASSWORD = "admin-secret-123";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void deletingAUserEndsEverythingTheyHold(String backend) throws Exception {
        try (TestServer server = TestServer.onStore(backend, Map.of(
                "vigil.auth.mode", "local",
                "vigil.auth.admin-password", ADMIN_PASSWORD,
                "vigil.auth.login.max-per-ip", "1000"));
             WebRtcSender camera = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            String admin = login(server, "admin", ADMIN_PASSWORD).getString("token");
            for (String[] user : List.of(new String[] {"erin", "[]"}, new String[] {"bob", "[]"},
                    new String[] {"grace", "[\"admin\"]"})) {
                HttpResponse<String> created = call(server, "POST", "/api/admin/users", "{\"username\":\"" + user[0]
                        + "\",\"password\":\"" + user[0] + "-password\",\"roles\":" + user[1] + "}", bearer(admin));
                assertEquals(201, created.statusCode(), created.body());
            }
            String erin = login(server, "erin", "erin-password").getString("token");
            String grace = login(server, "grace", "grace-password").getString("token");
            String bob = login(server, "bob", "bob-password").getString("token");
            String erinKey = TestServer.json(call(server, "POST", "/api/users/erin/api-keys", "{\"name\":\"bridge\"}",
                    bearer(erin)).body()).getString("key");
            String erinTicket = TestServer.json(call(server, "POST", "/api/auth/ws-ticket", null, bearer(erin)).body())
                    .getString("ticket");

            HttpResponse<String> answer = camera.post(server.baseUrl(), "erin",
                    Json.createObjectBuilder().add("camera_name", "erin_cam").build(), camera.createOffer(), bearer(erinKey));
            assertEquals(200, answer.statusCode(), answer.body());
            try (AlertClient erinSocket = new AlertClient(server.wsUrl("erin"), Map.of("Cookie", "vigil_session=" + erin));
                 AlertClient graceWatchingBob = new AlertClient(server.wsUrl("bob"), bearer(grace));
                 AlertClient bobSocket = new AlertClient(server.wsUrl("bob"), bearer(bob))) {
                for (AlertClient socket : List.of(erinSocket, graceWatchingBob, bobSocket)) {
                    socket.await("connected", DEADLINE, m -> m.getString("type").equals("connected"));
                }
                JsonObject before = stats(server, admin);
                assertEquals(1, before.getInt("streams"), before.toString());
                assertEquals(3, before.getInt("websockets"), before.toString());

                HttpResponse<String> deleted = call(server, "DELETE", "/api/admin/users/erin", null, bearer(admin));
                assertEquals(200, deleted.statusCode(), deleted.body());
                assertEquals(Json.createObjectBuilder().add("user_id", "erin").add("deleted", true).build(),
                        TestServer.json(deleted.body()));

                // The socket hears why, in order, then is closed.
                JsonObject closed = erinSocket.await("stream_closed", DEADLINE, m -> m.getString("type").equals("stream_closed"));
                assertEquals(camera.streamId(), closed.getString("stream_id"));
                assertEquals("user_deleted", closed.getString("reason"));
                JsonObject why = erinSocket.await("the error", DEADLINE, m -> m.getString("type").equals("error"));
                assertEquals("user_deleted", why.getString("error"));
                assertTrue(erinSocket.messages().indexOf(closed) < erinSocket.messages().indexOf(why));
                TestServer.await("erin's socket closed with 1008", DEADLINE, () -> erinSocket.closeCode() == 1008);
                JsonObject after = stats(server, admin);
                assertEquals(0, after.getInt("streams"), after.toString());
                assertEquals(2, after.getInt("websockets"), after.toString());
                assertEquals(404, call(server, "GET", "/api/users/erin/streams", null, bearer(admin)).statusCode());

                // Every credential erin had is nobody now.
                for (var credential : Map.of("session token", bearer(erin), "api key", bearer(erinKey),
                        "session cookie", Map.of("Cookie", "vigil_session=" + erin)).entrySet()) {
                    HttpResponse<String> me = call(server, "GET", "/api/auth/me", null, credential.getValue());
                    assertEquals(401, me.statusCode(), credential.getKey() + ": " + me.body());
                    assertEquals("unauthenticated", error(me).getString("error"));
                    assertTrue(AuthHttp.upgradeStatus(server.wsUrl("erin"), credential.getValue()) >= 400, credential.getKey());
                }
                assertTrue(AuthHttp.upgradeStatus(server.wsUrl("erin") + "?ticket=" + erinTicket, Map.of()) >= 400,
                        "the ticket erin got before deletion");
                assertEquals(401, call(server, "POST", "/api/auth/login",
                        "{\"username\":\"erin\",\"password\":\"erin-password\"}", Map.of()).statusCode());
                // A new user of the same name starts with nothing of the old one's.
                assertEquals(201, call(server, "POST", "/api/admin/users",
                        "{\"username\":\"erin\",\"password\":\"other-password\"}", bearer(admin)).statusCode());
                assertEquals(401, call(server, "GET", "/api/auth/me", null, bearer(erin)).statusCode());
                assertEquals(401, call(server, "GET", "/api/auth/me", null, bearer(erinKey)).statusCode());

                // Deleting an admin ends the socket they watch another user with; bob's own stays.
                assertEquals(200, call(server, "DELETE", "/api/admin/users/grace", null, bearer(admin)).statusCode());
                TestServer.await("grace's socket on bob's path closed", DEADLINE, () -> graceWatchingBob.closeCode() == 1008);
                assertEquals("user_deleted", graceWatchingBob.messages("error").getFirst().getString("error"));
                assertFalse(bobSocket.closedByServer(), "bob's socket stays open");
                assertTrue(bobSocket.messages("error").isEmpty());
                assertEquals(1, stats(server, admin).getInt("websockets"));
                assertEquals(200, call(server, "GET", "/api/auth/me", null, bearer(bob)).statusCode());
            }
        }
    }

    private static JsonObject stats(TestServer server, String adminToken) throws Exception {
        HttpResponse<String> response = call(server, "GET", "/api/stats", null, bearer(adminToken));
        assertEquals(200, response.statusCode(), response.body());
        return TestServer.json(response.body());
    }
}
