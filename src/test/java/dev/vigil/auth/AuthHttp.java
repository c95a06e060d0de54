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
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    /** A WebSocket upgrade's answer as sent: status, headers (lower-case names) and body. */
    record Upgrade(int status, Map<String, String> headers, String body) {
    }

    /**
     * Sends a WebSocket upgrade request by hand and reads the answer (the JDK's WebSocket client
     * does not show a refusal's body). url is ws://127.0.0.1:port/path?query.
     */
    static Upgrade upgrade(String url, Map<String, String> headers) throws Exception {
        URI uri = URI.create(url);
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        // A valid handshake's headers; the caller's replace any of the same name.
        Map<String, String> sent = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sent.putAll(Map.of("Host", uri.getHost() + ":" + uri.getPort(), "Connection", "Upgrade", "Upgrade", "websocket",
                "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", java.util.Base64.getEncoder().encodeToString(nonce)));
        sent.putAll(headers);
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n");
        sent.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            String statusLine = line(in);
            Map<String, String> answer = new java.util.HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                answer.put(header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), header.substring(colon + 1).trim());
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            byte[] body = new byte[status == 101 ? 0 : Integer.parseInt(answer.getOrDefault("content-length", "0"))];
            in.readFully(body);
            return new Upgrade(status, answer, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String line(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new java.io.EOFException("connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
