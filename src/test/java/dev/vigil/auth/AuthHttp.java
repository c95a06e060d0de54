package dev.vigil.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP and WebSocket calls with credentials, for the access control tests. */
final class AuthHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AuthHttp() {
    }

    static HttpResponse<String> call(TestServer server, String method, String path, String body,
                                     Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** Signs in; returns the login reply (token, user_id, roles). */
    static JsonObject login(TestServer server, String username, String password) throws Exception {
        HttpResponse<String> response = call(server, "POST", "/api/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", Map.of());
        assertEquals(200, response.statusCode(), response.body());
        return TestServer.json(response.body());
    }

    /** Asserts the existing error shape: exactly "error" and "message". */
    static JsonObject error(HttpResponse<String> response) {
        JsonObject body = TestServer.json(response.body());
        assertEquals(java.util.Set.of("error", "message"), body.keySet(), response.body());
        return body;
    }

    /** The HTTP status of a refused WebSocket upgrade, or 101 if it opened (then closed again). */
    static int upgradeStatus(String url, Map<String, String> headers) throws Exception {
        try {
            AlertClient client = new AlertClient(url, headers);
            client.close();
            return 101;
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof WebSocketHandshakeException, String.valueOf(e.getCause()));
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) e.getCause();
            Object body = handshake.getResponse().body();
            return handshake.getResponse().statusCode();
        }
    }
}
