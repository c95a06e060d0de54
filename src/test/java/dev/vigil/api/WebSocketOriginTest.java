package dev.vigil.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket upgrades to /ws/alerts/{user_id} are allowed from exactly the origins vigil.api.cors-origins
 * allows (and the server's own), as a browser sends them in the Origin header; others get 403 and a log
 * line naming the origin. The same setting decides CORS for /api.
 */
class WebSocketOriginTest {
    private static final String FRONTEND = "http://127.0.0.1:5173";
    private static final String OTHER = "http://127.0.0.1:5174";

    @Test
    void anyOriginOpensSocketsWhenCorsAllowsAny() throws Exception {
        try (TestServer server = new TestServer()) { // application.yaml: cors-origins ["*"]
            for (String origin : List.of(FRONTEND, OTHER, "https://frontend.example.org", "null")) {
                JsonObject connected = connect(server, "origin_any", origin);
                assertEquals("connected", connected.getString("type"), origin);
                assertEquals("origin_any", connected.getString("user_id"), origin);
            }
        }
    }

    @Test
    void onlyListedOriginsAndTheServersOwnOpenSocketsWhenCorsIsNarrowed() throws Exception {
        List<String> refusals = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(OriginCheckedWsUpgrader.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                refusals.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try (TestServer server = new TestServer(Map.of("vigil.api.cors-origins", FRONTEND))) {
            assertEquals("connected", connect(server, "origin_narrow", FRONTEND).getString("type"));
            // The page the server serves itself, and clients that are not browsers (no Origin).
            assertEquals("connected", connect(server, "origin_narrow", server.baseUrl()).getString("type"));
            assertEquals("connected", connect(server, "origin_narrow", null).getString("type"));

            for (String origin : List.of(OTHER, "http://localhost:5173", "https://127.0.0.1:5173", "null")) {
                assertEquals(403, refusedStatus(server, "origin_narrow", origin), origin);
                assertTrue(refusals.stream().anyMatch(m -> m.contains("origin " + origin + ":")),
                        "a log line names " + origin + ": " + refusals);
            }
            // A refused origin leaves nothing behind: the user's only sockets are the ones that closed.
            TestServer.await("allowed sockets to close", Duration.ofSeconds(10),
                    () -> server.running().hub().socketCount() == 0);

            // CORS for the API follows the same setting: the listed origin is answered, another is not.
            HttpResponse<String> listed = preflight(server, FRONTEND);
            assertEquals(204, listed.statusCode());
            assertEquals(FRONTEND, listed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<String> other = preflight(server, OTHER);
            assertNull(other.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void anAllowedOriginWithAnInvalidUserIdIsStillRefused() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.api.cors-origins", FRONTEND))) {
            assertEquals(400, refusedStatus(server, "bad%20user!", FRONTEND));
        }
    }

    @Test
    void sameOriginComparesSchemeDefaultPortsAndHostCase() {
        assertTrue(OriginCheckedWsUpgrader.sameOrigin("http://127.0.0.1:8000", "127.0.0.1:8000"));
        assertTrue(OriginCheckedWsUpgrader.sameOrigin("http://Vigil.local", "vigil.local:80"));
        assertTrue(OriginCheckedWsUpgrader.sameOrigin("https://vigil.local", "vigil.local"));
        assertTrue(OriginCheckedWsUpgrader.sameOrigin("http://[::1]:8000", "[::1]:8000"));
        assertFalse(OriginCheckedWsUpgrader.sameOrigin("http://127.0.0.1:8001", "127.0.0.1:8000"));
        assertFalse(OriginCheckedWsUpgrader.sameOrigin("https://vigil.local", "vigil.local:80"));
        assertFalse(OriginCheckedWsUpgrader.sameOrigin("http://localhost:8000", "127.0.0.1:8000"));
        assertFalse(OriginCheckedWsUpgrader.sameOrigin("null", "127.0.0.1:8000"));
        assertFalse(OriginCheckedWsUpgrader.sameOrigin("http://127.0.0.1:8000", ""));
    }

    /** Opens a socket with the given Origin (none if null), returns its first message and closes it. */
    private static JsonObject connect(TestServer server, String userId, String origin) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            if (origin != null) {
                builder.header("Origin", origin);
            }
            WebSocket socket = builder.buildAsync(URI.create(server.wsUrl(userId)), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        first.complete(text.toString());
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            JsonObject message = TestServer.json(first.get(10, TimeUnit.SECONDS));
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            return message;
        }
    }

    /** The HTTP status that refused the upgrade (fails if the socket opened). */
    private static int refusedStatus(TestServer server, String userId, String origin) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).header("Origin", origin)
                    .buildAsync(URI.create(server.wsUrl(userId)), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS));
            return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
        }
    }

    private static HttpResponse<String> preflight(TestServer server, String origin) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/offer"))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
