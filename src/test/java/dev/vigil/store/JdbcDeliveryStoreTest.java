package dev.vigil.store;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery tables in a real SQLite file. */
class JdbcDeliveryStoreTest {
    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private DeliveryStore store;

    @BeforeEach
    void open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("vigil.db"));
        dataSource = new HikariDataSource(config);
        store = migrated(dataSource, "sqlite");
    }

    static DeliveryStore migrated(DataSource dataSource, String dialect) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + dialect).load().migrate();
        return new JdbcDeliveryStore(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void cursors() {
        assertEquals(OptionalLong.empty(), store.cursor("mqtt"));
        store.saveCursor("mqtt", 5);
        store.saveCursor("mqtt", 9);
        store.saveCursor("webhook:1", 2);
        assertEquals(OptionalLong.of(9), store.cursor("mqtt"));
        assertEquals(OptionalLong.of(2), store.cursor("webhook:1"));
        store.deleteCursor("mqtt");
        assertEquals(OptionalLong.empty(), store.cursor("mqtt"));
    }

    @Test
    void webhooksAndTheirStatus() {
        Webhook hook = store.addWebhook("user123", "https://example.org/a", "secret", List.of("fall", "violence"));
        Webhook other = store.addWebhook("user123", "https://example.org/b", null, List.of());
        store.addWebhook("someone", "https://example.org/c", null, List.of());
        assertTrue(other.id() > hook.id());
        assertEquals(List.of("fall", "violence"), hook.behaviours());
        assertNull(other.secret());
        assertEquals(List.of(), other.behaviours());
        assertEquals(2, store.webhooks("user123").size());
        assertEquals(3, store.activeWebhooks().size());

        Instant failedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.webhookFailed(hook.id(), failedAt, "HTTP 503");
        store.webhookFailed(hook.id(), failedAt, "HTTP 502");
        Instant okAt = failedAt.plusSeconds(1);
        store.webhookSucceeded(hook.id(), okAt);
        Webhook status = store.webhook(hook.id()).orElseThrow();
        assertEquals(2, status.failures());
        assertEquals("HTTP 502", status.lastError());
        assertEquals(failedAt, status.lastErrorAt());
        assertEquals(okAt, status.lastSuccess());

        store.deactivateWebhook(other.id(), okAt, "HTTP 410: gone");
        assertFalse(store.webhook(other.id()).orElseThrow().active());
        assertEquals(2, store.activeWebhooks().size());

        assertFalse(store.deleteWebhook("someone", hook.id()), "only the owner deletes");
        assertTrue(store.deleteWebhook("user123", hook.id()));
        assertTrue(store.webhook(hook.id()).isEmpty());
    }

    @Test
    void pushSubscriptionsRenewByEndpoint() {
        PushSubscription first = store.addPushSubscription("user123", "https://push.example/1", "key-a", "auth-a");
        PushSubscription renewed = store.addPushSubscription("user123", "https://push.example/1", "key-b", "auth-b");
        assertEquals(first.id(), renewed.id());
        assertEquals("key-b", renewed.p256dh());
        store.addPushSubscription("user123", "https://push.example/2", "k", "a");
        assertEquals(2, store.pushSubscriptions().size());
        assertTrue(store.pushSubscription("other", "https://push.example/1").isEmpty());
        assertTrue(store.deletePushSubscription(first.id()));
        assertFalse(store.deletePushSubscription(first.id()));
        assertEquals(1, store.pushSubscriptions().size());
    }
}
