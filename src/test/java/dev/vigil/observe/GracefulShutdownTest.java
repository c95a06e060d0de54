package dev.vigil.observe;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a real server process with live streams and sockets: every socket is told
 * server_shutdown for each of its streams, and the process exits within the shutdown timeout.
 * Offers while shutting down answer 503 and readiness goes down, naming why.
 */
class GracefulShutdownTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void sigtermClosesEveryStreamWithServerShutdownToldToItsSocketsAndExitsInTime() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("vigil-shutdown", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.vigil.Main")
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(java.util.Map.of(
                "SERVER_PORT", Integer.toString(port), "SERVER_HOST", "127.0.0.1",
                "VIGIL_WEBRTC_LOCAL_dash_ADDRESSES", "127.0.0.1",
                "VIGIL_SHUTDOWN_dash_TIMEOUT", "PT" + SHUTDOWN_TIMEOUT.toSeconds() + "S",
                "MALLOC_ARENA_MAX", "2"));
        Process server = builder.start();
        String base = "http://127.0.0.1:" + port;
        String user = "shutdown_user";
        try (HttpClient http = HttpClient.newHttpClient()) {
            TestServer.await("the server process to be ready", DEADLINE, () -> status(http, base + "/health/ready") == 200);
            try (AlertClient socket = new AlertClient("ws://127.0.0.1:" + port + "/ws/alerts/" + user);
                 AlertClient second = new AlertClient("ws://127.0.0.1:" + port + "/ws/alerts/" + user);
                 WebRtcSender one = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
                 WebRtcSender two = WebRtcSender.testPattern(WebRtcSender.Codec.H264, 320, 240)) {
                assertEquals(200, one.connect(base, user, JsonObject.EMPTY_JSON_OBJECT).statusCode());
                assertEquals(200, two.connect(base, user, JsonObject.EMPTY_JSON_OBJECT).statusCode());
                TestServer.await("both streams live", DEADLINE, () -> body(http, base + "/api/users/" + user + "/streams")
                        .split("\"state\":\"live\"", -1).length - 1 == 2);

                long signalled = System.nanoTime();
                server.toHandle().destroy(); // SIGTERM
                assertTrue(server.waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS),
                        "the process exits within the shutdown timeout (+ JVM exit); log " + log);
                double seconds = (System.nanoTime() - signalled) / 1e9;

                for (AlertClient client : List.of(socket, second)) {
                    for (WebRtcSender sender : List.of(one, two)) {
                        JsonObject closed = client.await("stream_closed of " + sender.streamId(), Duration.ofSeconds(5),
                                m -> m.getString("type").equals("stream_closed") && m.getString("stream_id").equals(sender.streamId()));
                        assertEquals("server_shutdown", closed.getString("reason"));
                        assertEquals(user, closed.getString("user_id"));
                    }
                }
                String output = Files.readString(log);
                assertTrue(output.contains("Vigil shut down in"), output);
                assertTrue(!output.contains("did not close in time") && !output.contains("not sent in time"), output);
                System.out.printf("shutdown with 2 live streams and 2 sockets: process gone %.2f s after SIGTERM%n", seconds);
            }
        } catch (AssertionError | RuntimeException e) {
            // The server process's own account of what happened, for the report.
            System.out.println("GracefulShutdownTest failed; the server process's log:\n" + Files.readString(log));
            throw e;
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void whileShuttingDownOffersAnswer503AndReadinessSaysWhy() throws Exception {
        try (TestServer server = new TestServer(java.util.Map.of("vigil.analysis.enabled", "false"));
             WebRtcSender sender = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            assertEquals(200, server.get("/health/ready").statusCode());
            server.running().registry().stopAccepting();
            HttpResponse<String> refused = sender.connect(server.baseUrl(), "late_user", JsonObject.EMPTY_JSON_OBJECT);
            assertEquals(503, refused.statusCode());
            JsonObject error = TestServer.json(refused.body());
            assertEquals("server_shutting_down", error.getString("error"));
            assertTrue(error.getString("message").contains("shutting down"));
            assertEquals(404, server.get("/api/users/late_user/streams").statusCode(), "nothing left behind");

            HttpResponse<String> ready = server.get("/health/ready");
            assertEquals(503, ready.statusCode());
            JsonObject check = TestServer.json(ready.body()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("name").equals("accepting-streams")).findFirst().orElseThrow();
            assertEquals("DOWN", check.getString("status"));
            assertEquals("the server is shutting down", check.getJsonObject("data").getString("problem"));
            assertEquals(200, server.get("/health/live").statusCode(), "still alive while it drains");
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String body(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
