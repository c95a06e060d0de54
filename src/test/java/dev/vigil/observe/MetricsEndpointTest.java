package dev.vigil.observe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * /metrics during a live stream that alerts (real WebRTC, decoder and model), parsed by a real
 * Prometheus text-format parser: names, types, labels, and values that move; /api/stats and the
 * listing agree with the meters; /health/live and /health/ready.
 */
class MetricsEndpointTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path FALL = Path.of("src/test/resources/clips/fall.mp4");
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isRegularFile(FALL), "fixture clip " + FALL);
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static PrometheusText scrape() throws Exception {
        var response = server.get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                "Prometheus text: " + response.headers().map());
        return PrometheusText.parse(response.body());
    }

    @Test
    void aLiveStreamThatAlertsIsScrapedWithNamesTypesLabelsAndMovingValues() throws Exception {
        String user = "metrics_user";
        try (AlertClient socket = new AlertClient(server.wsUrl(user));
             WebRtcSender falling = WebRtcSender.file(FALL, WebRtcSender.Codec.H264)) {
            assertEquals(200, falling.connect(server.baseUrl(), user,
                    Json.createObjectBuilder().add("camera", "hall").build()).statusCode());
            Map<String, String> stream = Map.of("camera", "hall", "stream_id", falling.streamId());
            TestServer.await("frames analysed", DEADLINE,
                    () -> value(scrapeQuietly(), "vigil_frames_analysed_total", stream) > 3);
            PrometheusText first = scrape();

            JsonObject alert = socket.await("an alert", DEADLINE, m -> m.getString("type").equals("anomaly_detected"));
            List<String> behaviours = alert.getJsonArray("behaviours").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList();
            TestServer.await("more frames decoded", DEADLINE,
                    () -> value(scrapeQuietly(), "vigil_frames_decoded_total", stream)
                            > value(first, "vigil_frames_decoded_total", stream) + 15);
            PrometheusText second = scrape();

            // Types as declared, each family whole (the parser splits a family whose samples do not fit its type).
            assertEquals("counter", second.family("vigil_frames_decoded").type());
            assertEquals("counter", second.family("vigil_frames_analysed").type());
            assertEquals("counter", second.family("vigil_frames_dropped").type());
            assertEquals("counter", second.family("vigil_alerts").type());
            assertEquals("counter", second.family("vigil_socket_messages_sent").type());
            assertEquals("counter", second.family("vigil_socket_messages_dropped").type());
            assertEquals("counter", second.family("vigil_streams_opened").type());
            assertEquals("histogram", second.family("vigil_inference_seconds").type());
            assertEquals("histogram", second.family("vigil_alert_latency_seconds").type());
            assertEquals("summary", second.family("vigil_stream_inference_seconds").type());
            assertEquals("summary", second.family("vigil_inference_recent_seconds").type());
            assertEquals("gauge", second.family("vigil_streams").type());
            assertEquals("gauge", second.family("vigil_websockets").type());
            assertEquals("gauge", second.family("vigil_process_threads").type());
            assertEquals("gauge", second.family("memory_usedHeap_bytes").type(), "Helidon's JVM meters");
            assertEquals("gauge", second.family("thread_count").type());

            // Values move between the scrapes.
            for (String counter : List.of("vigil_frames_decoded_total", "vigil_frames_analysed_total")) {
                assertTrue(value(second, counter, stream) > value(first, counter, stream), counter);
            }
            assertTrue(value(second, "vigil_inference_seconds_count", Map.of())
                    > value(first, "vigil_inference_seconds_count", Map.of()));
            assertTrue(value(second, "vigil_inference_seconds_sum", Map.of()) > 0);
            assertTrue(value(second, "vigil_alert_latency_seconds_count", Map.of()) >= 1);
            Set<String> buckets = second.family("vigil_inference_seconds").samples().stream()
                    .filter(s -> s.name().equals("vigil_inference_seconds_bucket")).map(s -> s.labels().get("le"))
                    .collect(Collectors.toSet());
            assertTrue(buckets.containsAll(Set.of("0.01", "0.05", "+Inf")), "buckets " + buckets);
            assertEquals(value(second, "vigil_inference_seconds_count", Map.of()),
                    value(second, "vigil_inference_seconds_bucket", Map.of("le", "+Inf")));
            assertTrue(value(second, "vigil_stream_inference_seconds", Map.of("stream_id", falling.streamId(), "quantile", "0.5")) > 0);
            assertTrue(value(second, "vigil_alerts_total", Map.of("behaviour", behaviours.getFirst())) >= 1,
                    "alerts by behaviour " + behaviours);
            assertTrue(value(second, "vigil_stream_alerts_total", stream) >= 1);
            assertEquals(1.0, value(second, "vigil_streams", Map.of("state", "live")));
            assertEquals(1.0, value(second, "vigil_websockets", Map.of()));
            assertTrue(value(second, "vigil_socket_messages_sent_total", Map.of()) >= 2, "connected + the alert");
            assertTrue(value(second, "vigil_process_threads", Map.of()) > 10);

            // The JSON figures read the same meters.
            JsonObject listed = server.streamEntry(user, falling.streamId());
            assertTrue(listed.getJsonNumber("frames_decoded").longValue() >= value(second, "vigil_frames_decoded_total", stream));
            assertTrue(listed.getInt("alerts_sent") >= 1);
            assertTrue(listed.getJsonObject("inference_ms").getJsonNumber("p50").doubleValue() > 0);
            JsonObject stats = server.getJson("/api/stats");
            assertTrue(stats.getJsonNumber("frames_analysed").longValue() >= value(second, "vigil_frames_analysed_total", stream));
            assertTrue(stats.getJsonObject("inference_ms").getJsonNumber("p95").doubleValue() > 0);
            assertTrue(stats.getJsonObject("alert_latency_ms").getJsonNumber("p50").doubleValue() > 0);

            long decodedBeforeClose = server.getJson("/api/stats").getJsonNumber("frames_decoded").longValue();
            assertEquals(200, server.delete("/api/users/" + user + "/streams/" + falling.streamId()).statusCode());
            PrometheusText closed = scrape();
            assertFalse(closed.value("vigil_frames_decoded_total", stream).isPresent(), "a closed stream's series end");
            assertEquals(1.0, value(closed, "vigil_streams_closed_total", Map.of("reason", "closed_by_client")));
            assertEquals(0.0, value(closed, "vigil_streams", Map.of("state", "live")));
            assertTrue(server.getJson("/api/stats").getJsonNumber("frames_decoded").longValue() >= decodedBeforeClose,
                    "the totals keep a closed stream's frames");
        }
    }

    @Test
    void healthIsLiveAndReadyWithNamedChecks() throws Exception {
        var live = server.get("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", TestServer.json(live.body()).getString("status"));
        var ready = server.get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject body = TestServer.json(ready.body());
        assertEquals("UP", body.getString("status"));
        Set<String> names = body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(check -> check.getString("name")).collect(Collectors.toSet());
        assertEquals(Set.of("gstreamer", "pose-model", "accepting-streams", "alert-store"), names);
    }

    private static double value(PrometheusText text, String sample, Map<String, String> labels) {
        return text.value(sample, labels).orElseThrow(() -> new AssertionError("no sample " + sample + labels));
    }

    private static PrometheusText scrapeQuietly() {
        try {
            return scrape();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
