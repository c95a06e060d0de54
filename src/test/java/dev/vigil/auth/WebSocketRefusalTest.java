package dev.vigil.auth;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static dev.vigil.auth.AuthHttp.bearer;
import static dev.vigil.auth.AuthHttp.call;
import static dev.vigil.auth.AuthHttp.login;
import static dev.vigil.auth.AuthHttp.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refused WebSocket upgrade answers with its real status and the API's error shape, as read
 * off the wire: 401 unauthenticated (no or a bad credential), 403 forbidden (another user's
 * socket, or an origin not allowed), 400 for a bad since or user id; nothing in the body names
 * the user asked for. The check before the upgrade does not use up a ticket.
 */
class WebSocketRefusalTest {

    private static JsonObject refused(AuthHttp.Upgrade answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), answer.toString());
        JsonObject body = TestServer.json(answer.body());
        assertEquals(Set.of("error", "message"), body.keySet(), answer.body());
        assertEquals(code, body.getString("error"), answer.body());
        return body;
    }

    @Test
    void modeLocalRefusalsCarryStatusAndJson() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.auth.mode", "local",
                "vigil.auth.admin-password", "admin-secret-123", "vigil.analysis.enabled", "false"))) {
            String admin = login(server, "admin", "admin-secret-123").getString("token");
            for (String user : List.of("alice", "bob")) {
                assertEquals(201, call(server, "POST", "/api/admin/users",
                        "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}", bearer(admin)).statusCode());
            }
            String alice = login(server, "alice", "alice-password").getString("token");
            String bob = login(server, "bob", "bob-password").getString("token");
            String url = server.wsUrl("alice");

            for (var nobody : Map.of("no credentials", Map.<String, String>of(),
                    "forged bearer", bearer(Secrets.randomToken()),
                    "forged cookie", Map.of("Cookie", "vigil_session=" + Secrets.randomToken())).entrySet()) {
                AuthHttp.Upgrade answer = upgrade(url, nobody.getValue());
                refused(answer, 401, "unauthenticated");
                assertFalse(answer.body().contains("alice"), nobody.getKey() + ": " + answer.body());
            }
            refused(upgrade(url + "?ticket=" + Secrets.randomToken(), Map.of()), 401, "unauthenticated");
            AuthHttp.Upgrade other = upgrade(url, bearer(bob));
            refused(other, 403, "forbidden");
            assertFalse(other.body().contains("alice"), other.body());
            // Same answer whether or not the user exists.
            assertEquals(other.body(), upgrade(server.wsUrl("nosuchuser"), bearer(bob)).body());

            refused(upgrade(url + "?since=yesterday", bearer(alice)), 400, "invalid_since");
            refused(upgrade(server.wsUrl("bad%20user!"), bearer(admin)), 400, "invalid_user_id");

            // The check before the upgrade only looks at a ticket: it opens the socket once.
            HttpResponse<String> ticket = call(server, "POST", "/api/auth/ws-ticket", null, bearer(alice));
            String value = TestServer.json(ticket.body()).getString("ticket");
            assertEquals(101, upgrade(url + "?ticket=" + value, Map.of()).status());
            refused(upgrade(url + "?ticket=" + value, Map.of()), 401, "unauthenticated");
            assertEquals(101, upgrade(url, Map.of("Cookie", "vigil_session=" + alice)).status());
            // A refused try uses a ticket up as well.
            String bobTicket = TestServer.json(call(server, "POST", "/api/auth/ws-ticket", null, bearer(bob)).body())
                    .getString("ticket");
            refused(upgrade(url + "?ticket=" + bobTicket, Map.of()), 403, "forbidden");
            refused(upgrade(server.wsUrl("bob") + "?ticket=" + bobTicket, Map.of()), 401, "unauthenticated");
        }
    }

    @Test
    void anOriginNotAllowedIs403Json() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.api.cors-origins", "http://127.0.0.1:5173",
                "vigil.analysis.enabled", "false"))) {
            JsonObject body = refused(upgrade(server.wsUrl("carol"), Map.of("Origin", "http://127.0.0.1:5174")), 403, "forbidden");
            assertTrue(body.getString("message").contains("http://127.0.0.1:5174"), body.toString());
            assertEquals(101, upgrade(server.wsUrl("carol"), Map.of("Origin", "http://127.0.0.1:5173")).status());
            // Helidon's own refusals before routing are in the same shape.
            refused(upgrade(server.wsUrl("carol"), Map.of("Sec-WebSocket-Version", "8")), 400, "bad_request");
        }
    }
}
