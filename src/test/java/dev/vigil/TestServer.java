package dev.vigil;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The real Vigil server on a free 127.0.0.1 port, with ICE bound to loopback and short
 * lifecycle timeouts so tests see streams end in seconds.
 */
public final class TestServer implements AutoCloseable {
    private final Main.Running running;
    /** The store folder made for this server (deleted at close), null when the test gave one. */
    private final java.nio.file.Path storeFolder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public TestServer(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "server.port", "0",
                "server.host", "127.0.0.1",
                "vigil.webrtc.local-addresses", "127.0.0.1",
                "vigil.streams.no-media-timeout", "PT3S",
                "vigil.streams.first-frame-timeout", "PT8S",
                "vigil.streams.disconnect-grace", "PT2S",
                "vigil.alerts.ping-interval", "PT2S"));
        settings.putAll(overrides);
        if (!settings.containsKey("vigil.store.path") && !settings.containsKey("vigil.store.url")) {
            try {
                storeFolder = java.nio.file.Files.createTempDirectory("vigil-test-store-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            settings.put("vigil.store.path", storeFolder.toString());
        } else {
            storeFolder = null;
        }
        Config config = Config.builder()
                .sources(ConfigSources.create(settings), ConfigSources.classpath("application.yaml"))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
        running = Main.start(config);
    }

    public TestServer() {
        this(Map.of());
    }

    /**
     * A server without the model (alerts come from {@link TestAlerts}) on a store backend:
     * "sqlite" (a temp file) or "postgresql" (a new database on {@link PostgresServer#shared()}).
     */
    public static TestServer onStore(String backend, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("vigil.analysis.enabled", "false"));
        if (backend.equals("postgresql")) {
            settings.put("vigil.store.url", PostgresServer.shared().newDatabase());
            settings.put("vigil.store.user", PostgresServer.USER);
        } else if (!backend.equals("sqlite")) {
            throw new IllegalArgumentException("no store backend " + backend);
        }
        settings.putAll(overrides);
        return new TestServer(settings);
    }

    public Main.Running running() {
        return running;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + running.port();
    }

    public String wsUrl(String userId) {
        return "ws://127.0.0.1:" + running.port() + "/ws/alerts/" + userId;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE());
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonObject getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** One stream's entry in its user's listing. */
    public JsonObject streamEntry(String user, String streamId) throws Exception {
        return getJson("/api/users/" + user + "/streams").getJsonArray("streams").getValuesAs(JsonObject.class)
                .stream().filter(s -> s.getString("stream_id").equals(streamId)).findFirst()
                .orElseThrow(() -> new AssertionError("stream " + streamId + " is not listed"));
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Polls a condition until it holds or the deadline passes. */
    public static void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for " + what);
    }

    @Override
    public void close() {
        running.close();
        http.close();
        if (storeFolder != null) {
            try (var files = java.nio.file.Files.walk(storeFolder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
