package dev.vigil.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history API over the real server and store, on SQLite and PostgreSQL. */
class AlertHistoryApiTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static List<Long> ids(JsonObject page) {
        return page.getJsonArray("alerts").getValuesAs(JsonObject.class).stream()
                .map(a -> a.getJsonNumber("alert_id").longValue()).toList();
    }

    private static void assertError(TestServer server, HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject error = TestServer.json(response.body());
        assertEquals(code, error.getString("error"));
        assertFalse(error.getString("message").isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void listsFiltersPagesReviewsAndServesSnapshots(String backend) throws Exception {
        try (TestServer server = TestServer.onStore(backend, Map.of())) {
            Instant before = Instant.now().minusSeconds(1);
            List<byte[]> jpegs = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                byte[] jpeg = TestAlerts.jpeg(32, 24, i);
                jpegs.add(jpeg);
                TestAlerts.raise(server.running(), "ann", i <= 4 ? "s-gym" : "s-hall", i <= 4 ? "gym" : "hall",
                        i % 2 == 0 ? "running" : "fall", i, jpeg);
            }
            TestAlerts.raise(server.running(), "bob", "s-bob", "gym", "fall", 1, jpegs.get(0));
            TestServer.await("stored", DEADLINE, () -> server.running().storage().store().lastId("ann") == 7
                    && server.running().storage().store().lastId("bob") == 1);
            String base = "/api/users/ann/alerts";

            JsonObject all = server.getJson(base);
            assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L), ids(all), "newest first");
            assertTrue(all.isNull("next_cursor"));
            JsonObject item = all.getJsonArray("alerts").getJsonObject(0);
            assertEquals("anomaly_detected", item.getString("type"));
            assertEquals("ann", item.getString("user_id"));
            assertEquals("s-hall", item.getString("stream_id"));
            assertEquals("hall", item.getString("camera"));
            assertEquals(7, item.getJsonObject("result").getInt("frame_number"));
            assertFalse(item.containsKey("annotated_frame"), "listed without the image");
            assertEquals(base + "/7/snapshot", item.getString("snapshot_url"));
            assertFalse(item.getBoolean("reviewed"));
            Instant created = Instant.parse(item.getString("created_at"));
            assertTrue(!created.isBefore(before) && !created.isAfter(Instant.now()));
            assertEquals(item.getJsonNumber("timestamp").longValue(), created.toEpochMilli());

            // Pages of 3 cover everything once.
            List<Long> paged = new ArrayList<>();
            String cursor = null;
            do {
                JsonObject page = server.getJson(base + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
                paged.addAll(ids(page));
                cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
            } while (cursor != null);
            assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L), paged);

            assertEquals(List.of(4L, 3L, 2L, 1L), ids(server.getJson(base + "?camera=gym")));
            assertEquals(List.of(7L, 6L, 5L), ids(server.getJson(base + "?stream_id=s-hall")));
            assertEquals(List.of(6L, 4L, 2L), ids(server.getJson(base + "?behaviour=running")));
            assertEquals(List.of(7L, 6L), ids(server.getJson(base + "?after_id=5")));
            assertEquals(List.of(3L, 1L), ids(server.getJson(base + "?camera=gym&behaviour=fall")));
            assertEquals(7, ids(server.getJson(base + "?since=" + before)).size());
            assertEquals(List.of(), ids(server.getJson(base + "?until=" + before)));
            assertEquals(List.of(1L), ids(server.getJson("/api/users/bob/alerts")), "each user sees only their own");

            // One alert, and its snapshot with cache headers.
            JsonObject one = server.getJson(base + "/3");
            assertEquals(3, one.getInt("alert_id"));
            assertEquals("gym", one.getString("camera"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + base + "/3/snapshot"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, image.statusCode());
            assertEquals("image/jpeg", image.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(jpegs.get(2), image.body());
            String etag = image.headers().firstValue("etag").orElseThrow();
            assertTrue(image.headers().firstValue("cache-control").orElseThrow().contains("max-age"));
            HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + base + "/3/snapshot"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(304, again.statusCode());
            assertEquals(0, again.body().length);
            http.close();

            // Review: two by id, then everything before 6.
            JsonObject summary = server.getJson(base + "/summary");
            assertEquals(7, summary.getInt("unreviewed"));
            assertEquals(List.of("gym=4", "hall=3"), summary.getJsonArray("cameras").getValuesAs(JsonObject.class).stream()
                    .map(c -> c.getString("camera") + "=" + c.getInt("unreviewed")).toList());
            assertEquals(List.of("fall=4", "running=3"), summary.getJsonArray("behaviours").getValuesAs(JsonObject.class)
                    .stream().map(c -> c.getString("behaviour") + "=" + c.getInt("unreviewed")).toList());
            JsonObject marked = TestServer.json(server.post(base + "/reviewed", "{\"alert_ids\":[1,2,99]}").body());
            assertEquals(2, marked.getInt("reviewed"));
            assertEquals(5, marked.getInt("unreviewed"));
            assertEquals(List.of(2L, 1L), ids(server.getJson(base + "?reviewed=true")));
            assertTrue(server.getJson(base + "/1").getBoolean("reviewed"));
            JsonObject before6 = TestServer.json(server.post(base + "/reviewed", "{\"before_id\":6}").body());
            assertEquals(3, before6.getInt("reviewed"), "3, 4 and 5");
            assertEquals(List.of(7L, 6L), ids(server.getJson(base + "?reviewed=false")));
            assertEquals(List.of("hall=2"), server.getJson(base + "/summary").getJsonArray("cameras")
                    .getValuesAs(JsonObject.class).stream().map(c -> c.getString("camera") + "=" + c.getInt("unreviewed")).toList());
            assertEquals(1, server.getJson("/api/users/bob/alerts/summary").getInt("unreviewed"), "bob untouched");

            // Bad input: the JSON error shape, nothing changed.
            for (String bad : List.of("limit=0", "limit=501", "limit=x", "since=yesterday", "until=2026-13-01T00:00:00Z",
                    "reviewed=maybe", "cursor=zzz", "after_id=-1", "camera=")) {
                assertError(server, server.get(base + "?" + bad), 400, "invalid_filter");
            }
            assertError(server, server.get(base + "/99"), 404, "alert_not_found");
            assertError(server, server.get(base + "/abc"), 404, "alert_not_found");
            assertError(server, server.get("/api/users/bob/alerts/3"), 404, "alert_not_found");
            assertError(server, server.get(base + "/99/snapshot"), 404, "alert_not_found");
            assertError(server, server.get("/api/users/b%20d/alerts"), 400, "invalid_user_id");
            for (String bad : List.of("{}", "{\"alert_ids\":[1],\"before_id\":3}", "{\"alert_ids\":\"1\"}",
                    "{\"alert_ids\":[0]}", "{\"alert_ids\":[1.5]}", "{\"before_id\":\"x\"}")) {
                assertError(server, server.post(base + "/reviewed", bad), 400, "invalid_field");
            }
            assertError(server, server.post(base + "/reviewed", "{not json"), 400, "invalid_json");
            assertEquals(2, server.getJson(base + "/summary").getInt("unreviewed"), "bad requests changed nothing");
        }
    }
}
