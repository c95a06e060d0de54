package dev.vigil.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.vigil.delivery.MqttChannelTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dispatcher's own rules, with a channel written here that records what it is handed. */
class DispatcherTest {
    @TempDir
    Path dir;
    private final DeliveryConfig config = new DeliveryConfig(Duration.ofHours(1), Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5), 2, "", Duration.ofSeconds(1));

    @Test
    void aChannelThatThrowsRefusesThatAlertAndTheNextFollow() throws Exception {
        List<Long> handed = new CopyOnWriteArrayList<>();
        DeliveryDb db = new DeliveryDb(dir);
        TestAlerts alerts = new TestAlerts(db);
        DeliveryChannel channel = alert -> {
            handed.add(alert.alertId());
            if (alert.alertId() == 3) {
                throw new IllegalStateException("a key it cannot use");
            }
            return DeliveryChannel.Outcome.DELIVERED;
        };
        alerts.append("user123", "hall", List.of("fall")); // before the dispatcher: not its business
        try (db) {
            ChannelStats stats = new ChannelStats("test");
            Dispatcher dispatcher = new Dispatcher("test", "user123", channel, a -> true, alerts.feed(), db.store, config,
                    stats, gone -> { });
            dispatcher.start(true);
            for (int i = 0; i < 5; i++) {
                alerts.append(i == 3 ? "other" : "user123", "hall", List.of("fall"));
                dispatcher.wake();
            }
            // user123's alerts after the start are 2, 3, 4, 5
            waitFor(() -> db.store.cursor("test").orElse(0) == 5, "the cursor passes all four of the user");
            assertEquals(List.of(2L, 3L, 4L, 5L), handed, "in order, over batches of 2, none of before the start");
            assertEquals(3, stats.figures().delivered());
            assertEquals(1, stats.figures().failed());
            assertEquals(0, stats.figures().pending());
            dispatcher.stop();
        }
    }

    @Test
    void aStoreThatFailsForAWhileDelaysDeliveryButLosesNothing() throws Exception {
        List<Long> handed = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(0);
        try (DeliveryDb db = new DeliveryDb(dir)) {
            TestAlerts alerts = new TestAlerts(db);
            CursorStore flaky = new CursorStore() {
                public OptionalLong cursor(String name) {
                    return db.store.cursor(name);
                }

                public void saveCursor(String name, long alertId) {
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new dev.vigil.store.StoreException("database is locked", null);
                    }
                    db.store.saveCursor(name, alertId);
                }

                public void deleteCursor(String name) {
                    db.store.deleteCursor(name);
                }
            };
            ChannelStats stats = new ChannelStats("test");
            Dispatcher dispatcher = new Dispatcher("test", "user123", alert -> {
                handed.add(alert.alertId());
                return DeliveryChannel.Outcome.DELIVERED;
            }, a -> true, alerts.feed(), flaky, config, stats, gone -> { });
            dispatcher.start(true);               // its first save (the starting cursor) works
            failuresLeft.set(3);              // then the next three fail
            alerts.append("user123", "hall", List.of("fall"));
            alerts.append("user123", "hall", List.of("fall"));
            dispatcher.wake();
            waitFor(() -> db.store.cursor("test").orElse(0) == 2, "the cursor reaches alert 2 once the store is back");
            // The cursor waits in memory until the store takes it: nothing is delivered twice or skipped.
            assertEquals(1L, handed.getFirst());
            assertEquals(2L, handed.getLast());
            assertEquals(List.of(1L, 2L), handed.stream().distinct().toList(), "in order");
            dispatcher.stop();
        }
    }
}
