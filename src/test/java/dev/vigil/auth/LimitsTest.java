package dev.vigil.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import org.junit.jupiter.api.Test;

import static dev.vigil.auth.AuthHttp.call;
import static dev.vigil.auth.AuthHttp.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit of issue 14 point 4, with small configured figures. */
class LimitsTest {

    private static HttpResponse<String> login(TestServer server, String user, String password) throws Exception {
        return call(server, "POST", "/api/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    private static void assertTooMany(HttpResponse<String> response, String code) {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals(code, error(response).getString("error"));
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    @Test
    void failedLoginsPerUsernameThenPerAddress() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.auth.mode", "local",
                "vigil.auth.admin-password", "right-password", "vigil.auth.login.max-per-username", "3",
                "vigil.auth.login.max-per-ip", "5", "vigil.analysis.enabled", "false"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, login(server, "admin", "wrong").statusCode());
            }
            // Locked even with the right password: guessing cannot continue.
            assertTooMany(login(server, "admin", "right-password"), "too_many_login_attempts");
            // Other usernames from this address: 2 more failures reach the address's 5.
            assertEquals(401, login(server, "someone", "x").statusCode());
            assertEquals(401, login(server, "other", "x").statusCode());
            assertTooMany(login(server, "third", "x"), "too_many_login_attempts");
        }
    }

    @Test
    void offersPerUserPerMinute() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.streams.max-offers-per-minute", "3",
                "vigil.analysis.enabled", "false"))) {
            String offer = "{\"type\":\"offer\",\"user_id\":\"carol\",\"sdp\":\"v=0 not an sdp\"}";
            for (int i = 0; i < 3; i++) {
                assertEquals(400, call(server, "POST", "/api/offer", offer, Map.of()).statusCode());
            }
            assertTooMany(call(server, "POST", "/api/offer", offer, Map.of()), "too_many_offers");
            // Another user is not held up by carol.
            assertEquals(400, call(server, "POST", "/api/offer", offer.replace("carol", "dave"), Map.of()).statusCode());
        }
    }

    @Test
    void socketsPerUserAndInTotal() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.alerts.max-sockets-per-user", "2",
                "vigil.alerts.max-sockets", "3", "vigil.analysis.enabled", "false"))) {
            List<AlertClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    AlertClient client = new AlertClient(server.wsUrl("erin"));
                    client.await("connected", Duration.ofSeconds(10), m -> m.getString("type").equals("connected"));
                    open.add(client);
                }
                AlertClient third = new AlertClient(server.wsUrl("erin"));
                open.add(third);
                var refused = third.await("refusal", Duration.ofSeconds(10), m -> m.getString("type").equals("error"));
                assertEquals("too_many_sockets", refused.getString("error"));
                TestServer.await("close 1013", Duration.ofSeconds(10), () -> third.closeCode() == 1013);
                TestServer.await("socket released", Duration.ofSeconds(10),
                        () -> server.running().hub().socketCount() == 2);

                AlertClient frank = new AlertClient(server.wsUrl("frank"));
                open.add(frank);
                frank.await("connected", Duration.ofSeconds(10), m -> m.getString("type").equals("connected"));
                AlertClient overTotal = new AlertClient(server.wsUrl("gina"));
                open.add(overTotal);
                var full = overTotal.await("refusal", Duration.ofSeconds(10), m -> m.getString("type").equals("error"));
                assertEquals("server_at_capacity", full.getString("error"));
                TestServer.await("close 1013", Duration.ofSeconds(10), () -> overTotal.closeCode() == 1013);
                assertEquals(3, server.running().hub().socketCount());
            } finally {
                open.forEach(AlertClient::close);
            }
        }
    }
}
