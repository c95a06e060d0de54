package dev.vigil.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static dev.vigil.auth.AuthHttp.bearer;
import static dev.vigil.auth.AuthHttp.call;
import static dev.vigil.auth.AuthHttp.error;
import static dev.vigil.auth.AuthHttp.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mode local, table-driven: every endpoint that touches alice's things, called by every kind of
 * caller that must be refused (nobody, another user, forged/revoked/logged-out credentials), over
 * HTTP and WebSocket. All refused with 401/403 in the error shape, no body naming alice or her
 * stream, and nothing of alice's changed afterwards. Then what alice and the admin may do.
 * On a SQLite store; AccessControlPostgresTest runs the same on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {
    private static final String ADMIN_PASSWORD = "admin-secret-123";
    private TestServer server;
    private WebRtcSender aliceCamera;
    private String aliceStream;
    private String aliceToken;
    private String bobToken;
    private String adminToken;
    private String aliceKey;
    private String revokedKey;
    private String loggedOutToken;
    private String aliceKeyId;
    private AlertClient aliceSocket;

    /** One row per endpoint acting on alice's things (the policy's RULES, with alice as the path user). */
    List<String[]> aliceEndpoints() {
        String offer = "{\"type\":\"offer\",\"user_id\":\"alice\",\"sdp\":\"v=0\"}";
        return List.of(
                new String[] {"POST", "/api/offer", offer},
                new String[] {"GET", "/api/users/alice/streams", null},
                new String[] {"DELETE", "/api/users/alice/streams/" + aliceStream, null},
                new String[] {"PUT", "/api/users/alice/streams/" + aliceStream + "/metadata", "{\"camera_name\":\"pwned\"}"},
                new String[] {"DELETE", "/api/users/alice", null},
                new String[] {"POST", "/api/users/alice/api-keys", "{\"name\":\"evil\"}"},
                new String[] {"GET", "/api/users/alice/api-keys", null},
                new String[] {"DELETE", "/api/users/alice/api-keys/" + aliceKeyId, null},
                new String[] {"GET", "/api/users/alice/alerts", null},
                new String[] {"GET", "/api/users/alice/alerts/summary", null},
                new String[] {"POST", "/api/users/alice/alerts/reviewed", "{\"alert_ids\":[1]}"},
                new String[] {"GET", "/api/users/alice/alerts/1", null},
                new String[] {"GET", "/api/users/alice/alerts/1/snapshot", null},
                new String[] {"GET", "/api/users/alice/push-subscriptions", null},
                new String[] {"POST", "/api/users/alice/push-subscriptions",
                        "{\"endpoint\":\"http://127.0.0.1:9/push\",\"keys\":{\"p256dh\":\"x\",\"auth\":\"y\"}}"},
                new String[] {"DELETE", "/api/users/alice/push-subscriptions", "{\"endpoint\":\"http://127.0.0.1:9/push\"}"},
                new String[] {"GET", "/api/users/alice/webhooks", null},
                new String[] {"POST", "/api/users/alice/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}"},
                new String[] {"DELETE", "/api/users/alice/webhooks/1", null},
                new String[] {"GET", "/api/stats", null},
                new String[] {"POST", "/api/admin/users", "{\"username\":\"mallory\",\"password\":\"mallory-123\",\"roles\":[\"admin\"]}"},
                new String[] {"GET", "/api/admin/users", null},
                new String[] {"DELETE", "/api/admin/users/alice", null});
    }

    /** Endpoints any signed-in caller may use, refused to nobody. */
    List<String[]> signedInEndpoints() {
        return List.of(new String[] {"GET", "/api/config", null},
                new String[] {"GET", "/api/webpush/public-key", null},
                new String[] {"GET", "/api/auth/me", null},
                new String[] {"POST", "/api/auth/ws-ticket", null},
                new String[] {"GET", "/api/no-such-endpoint", null});
    }

    /** The server under test: a SQLite store here, PostgreSQL in {@link AccessControlPostgresTest}. */
    TestServer newServer(Map<String, String> settings) {
        return new TestServer(settings);
    }

    @BeforeAll
    void start() throws Exception {
        server = newServer(Map.of(
                "vigil.auth.mode", "local",
                "vigil.auth.admin-password", ADMIN_PASSWORD,
                "vigil.auth.login.max-per-ip", "1000",
                "vigil.analysis.enabled", "false"));
        adminToken = login(server, "admin", ADMIN_PASSWORD).getString("token");
        for (String user : List.of("alice", "bob")) {
            HttpResponse<String> created = call(server, "POST", "/api/admin/users",
                    "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}", bearer(adminToken));
            assertEquals(201, created.statusCode(), created.body());
        }
        aliceToken = login(server, "alice", "alice-password").getString("token");
        bobToken = login(server, "bob", "bob-password").getString("token");
        loggedOutToken = login(server, "alice", "alice-password").getString("token");
        assertEquals(200, call(server, "POST", "/api/auth/logout", null, bearer(loggedOutToken)).statusCode());

        JsonObject key = TestServer.json(call(server, "POST", "/api/users/alice/api-keys", "{\"name\":\"bridge\"}",
                bearer(aliceToken)).body());
        aliceKey = key.getString("key");
        aliceKeyId = key.getString("key_id");
        JsonObject revoked = TestServer.json(call(server, "POST", "/api/users/alice/api-keys", "{\"name\":\"old\"}",
                bearer(aliceToken)).body());
        revokedKey = revoked.getString("key");
        assertEquals(200, call(server, "DELETE", "/api/users/alice/api-keys/" + revoked.getString("key_id"), null,
                bearer(aliceToken)).statusCode());

        aliceCamera = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
        HttpResponse<String> answer = aliceCamera.post(server.baseUrl(), "alice",
                Json.createObjectBuilder().add("camera_name", "alice_cam").build(), aliceCamera.createOffer(),
                bearer(aliceKey));
        assertEquals(200, answer.statusCode(), answer.body());
        aliceStream = aliceCamera.streamId();
        aliceSocket = new AlertClient(server.wsUrl("alice"), bearer(aliceToken));
        aliceSocket.await("connected", Duration.ofSeconds(10), m -> m.getString("type").equals("connected"));
    }

    @AfterAll
    void stop() {
        if (aliceSocket != null) {
            aliceSocket.close();
        }
        if (aliceCamera != null) {
            aliceCamera.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Credentials that prove nobody: status 401 everywhere a caller is needed. */
    private Map<String, Map<String, String>> nobodies() {
        Map<String, Map<String, String>> callers = new LinkedHashMap<>();
        callers.put("no credentials", Map.of());
        callers.put("forged bearer token", bearer(Secrets.randomToken()));
        callers.put("forged api key", bearer("vk_" + aliceKeyId + "_" + Secrets.randomToken()));
        callers.put("revoked api key", bearer(revokedKey));
        callers.put("token after logout", bearer(loggedOutToken));
        callers.put("session cookie after logout", Map.of("Cookie", "vigil_session=" + loggedOutToken));
        callers.put("forged session cookie", Map.of("Cookie", "vigil_session=" + Secrets.randomToken()));
        callers.put("a JWT in mode local", bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."));
        return callers;
    }

    private void assertNothingLeaks(String what, HttpResponse<String> response) {
        String body = response.body();
        for (String secret : List.of("alice", aliceStream, "alice_cam", aliceKeyId, "bob")) {
            assertFalse(body.contains(secret), what + " leaked \"" + secret + "\": " + body);
        }
    }

    @Test
    void everyEndpointRefusesEveryWrongCaller() throws Exception {
        List<String> tried = new ArrayList<>();
        for (var caller : nobodies().entrySet()) {
            List<String[]> rows = new ArrayList<>(aliceEndpoints());
            rows.addAll(signedInEndpoints());
            for (String[] row : rows) {
                String what = caller.getKey() + ": " + row[0] + " " + row[1];
                HttpResponse<String> response = call(server, row[0], row[1], row[2], caller.getValue());
                assertEquals(401, response.statusCode(), what + " -> " + response.body());
                assertEquals("unauthenticated", error(response).getString("error"), what);
                assertNothingLeaks(what, response);
                tried.add(what);
            }
        }
        for (String[] row : aliceEndpoints()) {
            String what = "bob: " + row[0] + " " + row[1];
            HttpResponse<String> response = call(server, row[0], row[1], row[2], bearer(bobToken));
            assertEquals(403, response.statusCode(), what + " -> " + response.body());
            assertEquals("forbidden", error(response).getString("error"), what);
            assertNothingLeaks(what, response);
            // A user that does not exist is refused the same way: the answer tells nothing.
            HttpResponse<String> ghost = call(server, row[0], row[1].replace("alice", "nosuchuser"),
                    row[2] == null ? null : row[2].replace("alice", "nosuchuser"), bearer(bobToken));
            assertEquals(response.statusCode(), ghost.statusCode(), what);
            assertEquals(response.body(), ghost.body(), what);
            tried.add(what);
        }
        // Alice herself may not do the admin's things.
        for (String[] row : aliceEndpoints().stream().filter(row -> row[1].equals("/api/stats") || row[1].startsWith("/api/admin/")).toList()) {
            HttpResponse<String> response = call(server, row[0], row[1], row[2], bearer(aliceToken));
            assertEquals(403, response.statusCode(), "alice: " + row[1] + " -> " + response.body());
        }
        System.out.println("AccessControlTest: " + tried.size() + " refused HTTP calls");

        // Nothing of alice's changed.
        JsonObject listing = TestServer.json(call(server, "GET", "/api/users/alice/streams", null, bearer(aliceToken)).body());
        JsonObject stream = listing.getJsonArray("streams").getJsonObject(0);
        assertEquals(aliceStream, stream.getString("stream_id"));
        assertEquals("alice_cam", stream.getJsonObject("stream_metadata").getString("camera_name"));
        JsonObject keys = TestServer.json(call(server, "GET", "/api/users/alice/api-keys", null, bearer(aliceToken)).body());
        assertEquals(1, keys.getJsonArray("api_keys").size(), keys.toString());
        assertFalse(keys.toString().contains(aliceKey.substring(30)), "listing shows the secret");
        JsonObject users = TestServer.json(call(server, "GET", "/api/admin/users", null, bearer(adminToken)).body());
        assertEquals(List.of("admin", "alice", "bob"), users.getJsonArray("users").getValuesAs(JsonObject.class)
                .stream().map(u -> u.getString("user_id")).toList());
        assertFalse(aliceSocket.closedByServer());
    }

    @Test
    void socketsRefuseEveryWrongCaller() throws Exception {
        String url = server.wsUrl("alice");
        for (var caller : nobodies().entrySet()) {
            int status = AuthHttp.upgradeStatus(url, caller.getValue());
            assertTrue(status >= 400, caller.getKey() + ": upgrade answered " + status);
            assertTrue(AuthHttp.upgradeStatus(url + "?ticket=" + Secrets.randomToken(), caller.getValue()) >= 400,
                    caller.getKey() + " with a forged ticket");
        }
        assertTrue(AuthHttp.upgradeStatus(url, bearer(bobToken)) >= 400, "bob on alice's socket");
        // Bob's ticket is Bob's: not for alice's socket, and gone after one try.
        String bobTicket = ticket(bobToken);
        assertTrue(AuthHttp.upgradeStatus(url + "?ticket=" + bobTicket, Map.of()) >= 400);
        assertTrue(AuthHttp.upgradeStatus(server.wsUrl("bob") + "?ticket=" + bobTicket, Map.of()) >= 400, "ticket reused");
        // Alice's ticket opens her socket once; the session cookie opens it too.
        String aliceTicket = ticket(aliceToken);
        try (AlertClient viaTicket = new AlertClient(url + "?ticket=" + aliceTicket)) {
            JsonObject connected = viaTicket.await("connected", Duration.ofSeconds(10), m -> m.getString("type").equals("connected"));
            assertEquals(List.of(aliceStream), connected.getJsonArray("stream_ids").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList());
        }
        assertTrue(AuthHttp.upgradeStatus(url + "?ticket=" + aliceTicket, Map.of()) >= 400, "ticket reused");
        assertEquals(101, AuthHttp.upgradeStatus(url, Map.of("Cookie", "vigil_session=" + aliceToken)));
        assertEquals(101, AuthHttp.upgradeStatus(url, bearer(aliceKey)));
        assertEquals(101, AuthHttp.upgradeStatus(url, bearer(adminToken)), "the admin may watch every user");
    }

    private String ticket(String token) throws Exception {
        HttpResponse<String> response = call(server, "POST", "/api/auth/ws-ticket", null, bearer(token));
        assertEquals(200, response.statusCode(), response.body());
        return TestServer.json(response.body()).getString("ticket");
    }

    @Test
    void ownerAndAdminMayDoTheirThings() throws Exception {
        JsonObject me = TestServer.json(call(server, "GET", "/api/auth/me", null, bearer(aliceKey)).body());
        assertEquals("alice", me.getString("user_id"));
        assertEquals("api_key", me.getString("via"));
        assertEquals(200, call(server, "GET", "/api/config", null, bearer(aliceToken)).statusCode());
        assertEquals(200, call(server, "GET", "/api/users/alice/streams", null, Map.of("Cookie", "vigil_session=" + aliceToken)).statusCode());
        // The admin sees stats and every user's streams, and manages users.
        HttpResponse<String> stats = call(server, "GET", "/api/stats", null, bearer(adminToken));
        assertEquals(200, stats.statusCode(), stats.body());
        assertTrue(TestServer.json(stats.body()).getInt("streams") >= 1);
        assertEquals(200, call(server, "GET", "/api/users/alice/streams", null, bearer(adminToken)).statusCode());
        HttpResponse<String> carol = call(server, "POST", "/api/admin/users",
                "{\"username\":\"carol\",\"password\":\"carol-password\",\"roles\":[]}", bearer(adminToken));
        assertEquals(201, carol.statusCode(), carol.body());
        assertEquals(409, error(call(server, "POST", "/api/admin/users",
                "{\"username\":\"carol\",\"password\":\"carol-password\"}", bearer(adminToken))).size() == 2 ? 409 : -1);
        String carolToken = login(server, "carol", "carol-password").getString("token");
        assertEquals(200, call(server, "GET", "/api/auth/me", null, bearer(carolToken)).statusCode());
        assertEquals(200, call(server, "DELETE", "/api/admin/users/carol", null, bearer(adminToken)).statusCode());
        // Deleting a user ends their sessions.
        assertEquals(401, call(server, "GET", "/api/auth/me", null, bearer(carolToken)).statusCode());
        assertEquals(404, call(server, "DELETE", "/api/admin/users/carol", null, bearer(adminToken)).statusCode());
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieAndWrongPasswordsTellNothing() throws Exception {
        HttpResponse<String> ok = call(server, "POST", "/api/auth/login",
                "{\"username\":\"bob\",\"password\":\"bob-password\"}", Map.of());
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("vigil_session="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: no Secure flag");
        HttpResponse<String> wrong = call(server, "POST", "/api/auth/login",
                "{\"username\":\"bob\",\"password\":\"nope\"}", Map.of());
        HttpResponse<String> unknown = call(server, "POST", "/api/auth/login",
                "{\"username\":\"nosuchuser\",\"password\":\"nope\"}", Map.of());
        assertEquals(401, wrong.statusCode());
        assertEquals(wrong.body(), unknown.body());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void pageCarriesSecurityHeaders() throws Exception {
        HttpResponse<String> page = call(server, "GET", "/", null, Map.of());
        assertEquals(200, page.statusCode(), "the page itself is public, so it can show the login form");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
    }
}
