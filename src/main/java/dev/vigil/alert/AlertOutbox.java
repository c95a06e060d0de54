package dev.vigil.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.store.AlertRecord;
import dev.vigil.store.AlertStore;
import dev.vigil.store.NewAlert;
import dev.vigil.store.StoreException;
import dev.vigil.stream.LatencyWindow;
import jakarta.json.JsonObject;

/**
 * Write before send: each alert is stored (with its snapshot) and only then published to the
 * user's sockets, carrying the alert_id the store gave it. One dedicated thread does both, so the
 * analysis threads never wait for the database, and alerts go out in the order they are stored.
 * Alerts that queued up while a write was under way are stored together in the next transaction
 * (group commit): when several cameras alert at once, each waits for one sync to disk, not for
 * one per alert ahead of it.
 *
 * <p>When the store fails (database unreachable, disk full) the alert still goes out at once,
 * without alert_id, and waits in a bounded backlog; from then on alerts skip the store (no
 * waiting on a dead database) until a retry every retry-interval manages to store the backlog,
 * oldest first. The fault and its recovery are logged and counted for /api/stats.
 */
public final class AlertOutbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertOutbox.class.getName());
    /** Most alerts stored in one transaction. */
    private static final int MAX_GROUP = 64;

    /**
     * An alert to store and send.
     *
     * @param body        the message without image and alert_id ({@link AlertMessage#body})
     * @param onPublished called with System.nanoTime() once the message is queued to the sockets
     */
    public record Pending(String userId, String streamId, String camera, List<String> behaviours, JsonObject body,
                          byte[] jpeg, LongConsumer onPublished) {
    }

    /** Counters for /api/stats. */
    public record Figures(boolean healthy, long stored, long storeFailures, long unstored, int backlog,
                          int queued, double writeP50Millis, double writeP95Millis, String lastError) {
    }

    private final AlertStore store;
    private final AlertHub hub;
    private final Duration retryInterval;
    private final int maxBacklog;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Deque<Pending> backlog = new ArrayDeque<>();
    private final Thread writer;
    private final LatencyWindow writes = new LatencyWindow();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unstored = new AtomicLong();
    private volatile boolean healthy = true;
    private volatile int backlogSize;
    private volatile String lastError;
    private volatile boolean running = true;
    private volatile Consumer<AlertRecord> onStored = record -> { };
    private long nextRetryNanos;

    public AlertOutbox(AlertStore store, AlertHub hub, Duration retryInterval, int maxBacklog) {
        this.store = store;
        this.hub = hub;
        this.retryInterval = retryInterval;
        this.maxBacklog = Math.max(1, maxBacklog);
        this.writer = Thread.ofPlatform().name("alert-store-writer").daemon().start(this::run);
    }

    /** Told of every alert once it is stored (e.g. delivery wakes the user's channels); must not block. */
    public void onStored(Consumer<AlertRecord> listener) {
        onStored = listener;
    }

    /** Hands an alert over; never blocks. */
    public void submit(Pending alert) {
        queue.add(alert);
    }

    private void run() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(healthy ? 1000 : Math.max(1, retryInterval.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            }
            group.clear();
            if (first != null) {
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
            }
            try {
                if (!healthy && System.nanoTime() >= nextRetryNanos) {
                    retryBacklog();
                }
                if (!group.isEmpty()) {
                    handle(group);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "alert writer failed on " + group.size() + " alerts", e);
            }
        }
    }

    private void handle(List<Pending> group) {
        if (healthy) {
            try {
                List<AlertRecord> records = write(group);
                for (int i = 0; i < group.size(); i++) {
                    publish(group.get(i), records.get(i).alertId());
                }
                return;
            } catch (StoreException e) {
                fault(e);
            }
        }
        // The store is faulty: the live alerts must not wait for it.
        for (Pending alert : group) {
            publish(alert, 0);
            keep(alert);
        }
    }

    private List<AlertRecord> write(List<Pending> group) {
        long started = System.nanoTime();
        List<AlertRecord> records = store.appendAll(group.stream().map(AlertOutbox::newAlert).toList());
        writes.add(System.nanoTime() - started);
        stored.addAndGet(records.size());
        records.forEach(onStored);
        return records;
    }

    private static NewAlert newAlert(Pending alert) {
        return new NewAlert(alert.userId(), alert.streamId(), alert.camera(), alert.behaviours(),
                Instant.ofEpochMilli(alert.body().getJsonNumber("timestamp").longValue()), alert.body().toString(),
                alert.jpeg());
    }

    private void publish(Pending alert, long alertId) {
        String message = AlertMessage.withFrame(alert.body(), alertId, alert.jpeg(), false);
        if (alertId > 0) {
            hub.publishAlert(alert.userId(), message, alertId);
        } else {
            hub.publish(alert.userId(), message);
        }
        if (alert.onPublished() != null) {
            alert.onPublished().accept(System.nanoTime());
        }
    }

    private void fault(StoreException e) {
        failures.incrementAndGet();
        lastError = e.getMessage();
        if (healthy) {
            LOG.log(Level.SEVERE, "alert store failed; alerts go out unstored and wait in memory until it is back: "
                    + e.getMessage());
        }
        healthy = false;
        nextRetryNanos = System.nanoTime() + retryInterval.toNanos();
    }

    private void keep(Pending alert) {
        if (backlog.size() >= maxBacklog) {
            backlog.pollFirst();
            unstored.incrementAndGet();
            LOG.warning("alert store backlog full (" + maxBacklog + "): the oldest unstored alert is lost to history");
        }
        backlog.addLast(alert);
        backlogSize = backlog.size();
    }

    /** Stores the backlog oldest first (they were sent already, so they are not published again). */
    private void retryBacklog() {
        int written = 0;
        try {
            while (!backlog.isEmpty()) {
                List<Pending> group = backlog.stream().limit(MAX_GROUP).toList();
                write(group);
                for (int i = 0; i < group.size(); i++) {
                    backlog.pollFirst(); // stored: only now out of the backlog
                }
                written += group.size();
            }
            if (backlog.isEmpty() && written == 0) {
                // Nothing waited: probe the store with a cheap read.
                store.lastId("");
            }
            healthy = true;
            lastError = null;
            LOG.info("alert store is back; stored " + written + " alerts that waited in memory");
        } catch (StoreException e) {
            failures.incrementAndGet();
            lastError = e.getMessage();
            nextRetryNanos = System.nanoTime() + retryInterval.toNanos();
        } finally {
            backlogSize = backlog.size();
        }
    }

    public Figures figures() {
        return new Figures(healthy, stored.get(), failures.get(), unstored.get(), backlogSize, queue.size(),
                writes.percentileMillis(50), writes.percentileMillis(95), lastError);
    }

    /** Stores and sends what was handed over (up to 10 s), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!backlog.isEmpty()) {
            LOG.warning(backlog.size() + " alerts sent while the store was faulty were never stored");
        }
    }
}
