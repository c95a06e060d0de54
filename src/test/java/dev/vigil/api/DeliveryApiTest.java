package dev.vigil.api;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.vigil.delivery.DeliveryConfig;
import dev.vigil.delivery.DeliveryService;
import dev.vigil.delivery.VapidKeys;
import dev.vigil.delivery.WebPushConfig;
import dev.vigil.delivery.WebhookConfig;
import dev.vigil.delivery.StoreAlertFeed;
import dev.vigil.store.Database;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.store.JdbcDeliveryStore;
import dev.vigil.store.StoreConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery routes over HTTP: shapes, validation and the error shape, with a real SQLite store. */
class DeliveryApiTest {
    @TempDir
    Path dir;
    private Database database;
    private DeliveryService delivery;
    private WebServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        database = Database.open(StoreConfig.defaults().withPath(dir));
        JdbcDeliveryStore store = new JdbcDeliveryStore(database);
        delivery = new DeliveryService(new StoreAlertFeed(new JdbcAlertStore(database), store, ""), store,
                new DeliveryConfig(Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), 100, "", Duration.ofSeconds(1)),
                new WebhookConfig(Duration.ofSeconds(2), false, 2),
                new WebPushConfig(true, "mailto:t@localhost", Duration.ofHours(1), Duration.ofSeconds(2), false),
                VapidKeys.loadOrCreate(dir), null).start();
        HttpRouting.Builder routing = HttpRouting.builder().register("/api", new DeliveryApi(delivery, false, 65_536));
        ApiErrors.install(routing);
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        delivery.close();
        database.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject error = json(response);
        assertEquals(code, error.getString("error"));
        assertFalse(error.getString("message").isBlank());
    }

    @Test
    void webhooksAddListDelete() throws Exception {
        HttpResponse<String> created = send("POST", "/api/users/user123/webhooks",
                "{\"url\": \"https://93.184.216.34/hook\", \"secret\": \"abc\", \"behaviours\": [\"fall\"]}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject hook = json(created);
        assertEquals("https://93.184.216.34/hook", hook.getString("url"));
        assertTrue(hook.getBoolean("signed"));
        assertFalse(hook.containsKey("secret"), "the secret is never echoed");
        assertTrue(hook.getBoolean("active"));
        assertEquals(0, hook.getJsonObject("status").getInt("failures"));
        assertTrue(hook.getJsonObject("status").isNull("last_success"));

        JsonObject listed = json(send("GET", "/api/users/user123/webhooks", null));
        assertEquals(1, listed.getJsonArray("webhooks").size());
        assertEquals(hook.getInt("webhook_id"), listed.getJsonArray("webhooks").getJsonObject(0).getInt("webhook_id"));
        assertEquals(0, json(send("GET", "/api/users/other/webhooks", null)).getJsonArray("webhooks").size());

        assertError(send("DELETE", "/api/users/other/webhooks/" + hook.getInt("webhook_id"), null), 404, "not_found");
        HttpResponse<String> deleted = send("DELETE", "/api/users/user123/webhooks/" + hook.getInt("webhook_id"), null);
        assertEquals(200, deleted.statusCode());
        assertTrue(json(deleted).getBoolean("deleted"));
        assertEquals(0, json(send("GET", "/api/users/user123/webhooks", null)).getJsonArray("webhooks").size());
        assertError(send("DELETE", "/api/users/user123/webhooks/abc", null), 404, "not_found");
    }

    @Test
    void webhookRefusals() throws Exception {
        for (String url : List.of("http://127.0.0.1:8000/", "http://10.0.0.8/", "http://169.254.169.254/", "ftp://93.184.216.34/")) {
            assertError(send("POST", "/api/users/user123/webhooks", "{\"url\": \"" + url + "\"}"), 400, "invalid_url");
        }
        assertError(send("POST", "/api/users/user123/webhooks", "{}"), 400, "missing_field");
        assertError(send("POST", "/api/users/user123/webhooks", "{\"url\": 5}"), 400, "invalid_field");
        assertError(send("POST", "/api/users/user123/webhooks", "{\"url\": \"https://93.184.216.34/\", \"behaviours\": [\"dancing\"]}"),
                400, "invalid_field");
        assertError(send("POST", "/api/users/user123/webhooks", "{\"url\": \"https://93.184.216.34/\", \"behaviours\": \"fall\"}"),
                400, "invalid_field");
        assertError(send("POST", "/api/users/user123/webhooks", "{not json"), 400, "invalid_json");
        assertError(send("POST", "/api/users/bad%20user/webhooks", "{\"url\": \"https://93.184.216.34/\"}"), 400, "invalid_user_id");
        assertEquals(0, json(send("GET", "/api/users/user123/webhooks", null)).getJsonArray("webhooks").size(),
                "a refused request leaves nothing behind");
        for (int i = 0; i < 2; i++) {
            assertEquals(201, send("POST", "/api/users/user123/webhooks", "{\"url\": \"https://93.184.216.34/" + i + "\"}").statusCode());
        }
        assertError(send("POST", "/api/users/user123/webhooks", "{\"url\": \"https://93.184.216.34/x\"}"), 429, "too_many_webhooks");
    }

    @Test
    void pushSubscriptions() throws Exception {
        JsonObject key = json(send("GET", "/api/webpush/public-key", null));
        byte[] point = Base64.getUrlDecoder().decode(key.getString("public_key"));
        assertEquals(65, point.length);
        assertEquals(4, point[0]);

        String p256dh = Base64.getUrlEncoder().withoutPadding().encodeToString(point); // any valid point will do
        String auth = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        String subscription = "{\"endpoint\": \"https://93.184.216.34/push/abc\", \"expirationTime\": null,"
                + " \"keys\": {\"p256dh\": \"" + p256dh + "\", \"auth\": \"" + auth + "\"}}";
        HttpResponse<String> created = send("POST", "/api/users/user123/push-subscriptions", subscription);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("https://93.184.216.34/push/abc", json(created).getString("endpoint"));
        assertEquals(201, send("POST", "/api/users/user123/push-subscriptions", subscription).statusCode(), "again: renewed");
        assertEquals(1, json(send("GET", "/api/users/user123/push-subscriptions", null)).getJsonArray("push_subscriptions").size());

        assertError(send("POST", "/api/users/user123/push-subscriptions",
                subscription.replace("https://93.184.216.34", "http://192.168.0.2")), 400, "invalid_url");
        assertError(send("POST", "/api/users/user123/push-subscriptions",
                "{\"endpoint\": \"https://93.184.216.34/p\"}"), 400, "missing_field");
        assertError(send("POST", "/api/users/user123/push-subscriptions",
                subscription.replace(auth, "AAAA")), 400, "invalid_field");
        assertError(send("POST", "/api/users/user123/push-subscriptions",
                subscription.replace(p256dh, "!!notbase64")), 400, "invalid_field");

        assertError(send("DELETE", "/api/users/user123/push-subscriptions", "{\"endpoint\": \"https://93.184.216.34/other\"}"),
                404, "not_found");
        HttpResponse<String> deleted = send("DELETE", "/api/users/user123/push-subscriptions",
                "{\"endpoint\": \"https://93.184.216.34/push/abc\"}");
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(0, json(send("GET", "/api/users/user123/push-subscriptions", null)).getJsonArray("push_subscriptions").size());
    }
}
