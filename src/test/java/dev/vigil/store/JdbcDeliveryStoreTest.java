package dev.vigil.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery tables (V30) on both real backends: a SQLite file and a PostgreSQL server. */
class JdbcDeliveryStoreTest {

    private interface StoreTest {
        void run(DeliveryStore store, AlertStore alerts) throws Exception;
    }

    private static void with(Backends backend, StoreTest test) throws Exception {
        try (Database database = Database.open(backend.freshConfig())) {
            test.run(new JdbcDeliveryStore(database), new JdbcAlertStore(database));
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void cursors(Backends backend) throws Exception {
        with(backend, (store, alerts) -> {
            assertEquals(OptionalLong.empty(), store.cursor("mqtt:user123"));
            store.saveCursor("mqtt:user123", 5);
            store.saveCursor("mqtt:user123", 9);
            store.saveCursor("webhook:1", 2);
            assertEquals(OptionalLong.of(9), store.cursor("mqtt:user123"));
            assertEquals(OptionalLong.of(2), store.cursor("webhook:1"));
            store.deleteCursor("mqtt:user123");
            assertEquals(OptionalLong.empty(), store.cursor("mqtt:user123"));
        });
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void readsTheAlertLogInIdOrderWithoutImages(Backends backend) throws Exception {
        with(backend, (store, alerts) -> {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (int i = 0; i < 3; i++) {
                alerts.append(new NewAlert("user123", "s1", "hall", List.of("fall"), at.plusSeconds(i),
                        "{\"type\":\"anomaly_detected\",\"n\":" + i + "}", new byte[] {1, 2, 3}));
            }
            alerts.append(new NewAlert("other", "s2", null, List.of(), at, "{}", new byte[] {4}));
            List<AlertRecord> after1 = store.alertsAfter("user123", 1, 10);
            assertEquals(List.of(2L, 3L), after1.stream().map(AlertRecord::alertId).toList());
            assertEquals("{\"type\":\"anomaly_detected\",\"n\":1}", after1.getFirst().messageJson());
            assertEquals(at.plusSeconds(1), after1.getFirst().createdAt());
            assertEquals(1, store.alertsAfter("user123", 0, 1).size(), "limit");
            assertEquals(2, store.countAlertsAfter("user123", 1));
            assertEquals(0, store.countAlertsAfter("user123", 3));
            assertEquals(List.of("other", "user123"), store.alertUsers());
        });
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void webhooksAndTheirStatus(Backends backend) throws Exception {
        with(backend, (store, alerts) -> {
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
        });
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void pushSubscriptionsRenewByEndpoint(Backends backend) throws Exception {
        with(backend, (store, alerts) -> {
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
        });
    }
}
