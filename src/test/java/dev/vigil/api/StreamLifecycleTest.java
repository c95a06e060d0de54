package dev.vigil.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams end by themselves when their peer is gone; churn leaks neither threads nor memory. */
class StreamLifecycleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(java.util.Map.of("vigil.streams.max-offers-per-minute", "1000000")); // churn opens 100 streams as one user
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamWhosePeerVanishesIsClosedAndTheOthersGoOn() throws Exception {
        String user = "vanishing_user";
        try (AlertClient socket = new AlertClient(server.wsUrl(user));
             WebRtcSender staying = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            WebRtcSender vanishing = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240);
            assertEquals(200, vanishing.connect(server.baseUrl(), user, JsonObject.EMPTY_JSON_OBJECT).statusCode());
            assertEquals(200, staying.connect(server.baseUrl(), user, JsonObject.EMPTY_JSON_OBJECT).statusCode());
            TestServer.await("both streams live", DEADLINE, () -> liveCount(user) == 2);
            vanishing.close(); // no DELETE: like a browser tab that was killed

            JsonObject closed = socket.await("stream_closed for the vanished peer", DEADLINE,
                    m -> m.getString("type").equals("stream_closed") && m.getString("stream_id").equals(vanishing.streamId()));
            assertTrue(closed.getString("reason").matches("no_media|peer_closed|peer_disconnected|ice_failed"),
                    closed.getString("reason"));
            long before = counter(user, staying.streamId(), "frames_decoded");
            TestServer.await("the other stream to keep decoding", DEADLINE, () -> counter(user, staying.streamId(), "frames_decoded") > before + 15);
            assertEquals(1, server.getJson("/api/users/" + user + "/streams").getJsonArray("streams").size());
            assertTrue(socket.messages("stream_closed").stream()
                    .noneMatch(m -> m.getString("stream_id").equals(staying.streamId())));
            server.delete("/api/users/" + user);
        }
    }

    /**
     * Browsers change resolution mid-stream when their bandwidth or CPU changes: the frames of the
     * new size (odd widths included, which pad I420 rows) are decoded, listed and analysed, and
     * the stream never stalls.
     */
    @ParameterizedTest
    @EnumSource(WebRtcSender.Codec.class)
    void aStreamThatChangesResolutionIsDecodedAndAnalysedAtTheNewSize(WebRtcSender.Codec codec) throws Exception {
        String user = "resizing_user_" + codec;
        try (WebRtcSender sender = WebRtcSender.testPattern(codec, 640, 480)) {
            assertEquals(200, sender.connect(server.baseUrl(), user, JsonObject.EMPTY_JSON_OBJECT).statusCode());
            TestServer.await("640x480 decoded", DEADLINE, () -> size(user, sender.streamId()).equals("640x480"));
            for (int[] size : new int[][] {{322, 242}, {1280, 720}}) {
                sender.resize(size[0], size[1]);
                String expected = size[0] + "x" + size[1];
                TestServer.await(expected + " decoded", DEADLINE, () -> size(user, sender.streamId()).equals(expected));
                long analysed = counter(user, sender.streamId(), "frames_analysed");
                long decoded = counter(user, sender.streamId(), "frames_decoded");
                TestServer.await("frames of " + expected + " decoded and analysed", DEADLINE,
                        () -> counter(user, sender.streamId(), "frames_analysed") > analysed
                                && counter(user, sender.streamId(), "frames_decoded") > decoded + 15);
                assertEquals(expected, size(user, sender.streamId()));
            }
            server.delete("/api/users/" + user);
        }
    }

    private static String size(String user, String streamId) {
        try {
            JsonObject entry = server.streamEntry(user, streamId);
            return entry.getInt("width") + "x" + entry.getInt("height");
        } catch (Exception | AssertionError e) {
            return "";
        }
    }

    private static long counter(String user, String streamId, String name) {
        try {
            return server.streamEntry(user, streamId).getJsonNumber(name).longValue();
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    @Test
    void corsAllowsTheSeedFrontendFromAnotherOrigin() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/offer"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://localhost:3000")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());
            assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            HttpResponse<String> stats = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/stats"))
                    .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("*", stats.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
    }

    /**
     * 100 open/close cycles. Threads must come back to where they started and resident memory
     * must not keep growing; the figures are printed for the record.
     */
    @Test
    void churnLeavesNoThreadsOrMemoryBehind() throws Exception {
        int cycles = Integer.getInteger("vigil.churn.cycles", 100);
        String user = "churn_user";
        for (int i = 0; i < 5; i++) {
            cycle(user); // warm-up: GStreamer registry, codecs, thread pools
        }
        settle();
        int threadsBefore = nativeThreads();
        long rssBefore = rssKb();
        long nativeBefore = rssBefore - heapCommittedKb();
        long started = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(user);
        }
        double perCycleMs = (System.nanoTime() - started) / 1e6 / cycles;
        settle();
        int threadsAfter = nativeThreads();
        long rssAfter = rssKb();
        long nativeAfter = rssAfter - heapCommittedKb();
        System.out.printf("churn: %d cycles, %.0f ms per cycle, threads %d -> %d, RSS %d -> %d MB, RSS outside the Java heap"
                        + " %d -> %d MB (%+.1f KB per cycle)%n",
                cycles, perCycleMs, threadsBefore, threadsAfter, rssBefore / 1024, rssAfter / 1024,
                nativeBefore / 1024, nativeAfter / 1024, (nativeAfter - nativeBefore) / (double) cycles);
        assertEquals(0, server.getJson("/api/stats").getInt("streams"));
        assertTrue(threadsAfter <= threadsBefore + 8, "threads " + threadsBefore + " -> " + threadsAfter);
        assertTrue(nativeAfter - nativeBefore < 150 * 1024, "native memory grew " + (nativeAfter - nativeBefore) / 1024 + " MB");
    }

    private static void cycle(String user) throws Exception {
        try (WebRtcSender sender = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 320, 240)) {
            HttpResponse<String> response = sender.connect(server.baseUrl(), user, JsonObject.EMPTY_JSON_OBJECT);
            assertEquals(200, response.statusCode(), response.body());
            TestServer.await("the churn stream to decode", DEADLINE, () -> counter(user, sender.streamId(), "frames_decoded") > 0);
            assertEquals(200, server.delete("/api/users/" + user + "/streams/" + sender.streamId()).statusCode());
        }
    }

    /** Lets finished threads exit and cleaners run before a measurement. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(500);
        }
    }

    private static long liveCount(String user) {
        try {
            return server.getJson("/api/users/" + user + "/streams").getJsonArray("streams").getValuesAs(JsonObject.class)
                    .stream().filter(s -> s.getString("state").equals("live")).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long heapCommittedKb() {
        return Runtime.getRuntime().totalMemory() / 1024;
    }

    static int nativeThreads() throws IOException {
        return (int) statusField("Threads:");
    }

    static long rssKb() throws IOException {
        return statusField("VmRSS:");
    }

    private static long statusField(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith(name))
                .map(line -> line.substring(name.length()).strip().split("\\s+")[0])
                .mapToLong(Long::parseLong).findFirst().orElseThrow();
    }
}
