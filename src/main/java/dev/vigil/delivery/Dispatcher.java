package dev.vigil.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the stored alerts one target wants, in order, at least once: it reads the alerts after
 * its cursor, hands each to the channel, retries passing failures with exponential backoff and
 * jitter, and moves the cursor only once an alert is done with (delivered, refused, or too old).
 * It runs on its own virtual thread, so a slow or dead target holds up nothing but itself.
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** What happens when the channel reports the target gone (e.g. remove the subscription). */
    interface GoneHandler {
        void gone(Dispatcher dispatcher);
    }

    private final String cursorName;
    private final String userId;
    private final DeliveryChannel channel;
    private final Predicate<DeliveryAlert> wants;
    private final AlertFeed feed;
    private final CursorStore cursors;
    private final DeliveryConfig config;
    private final ChannelStats stats;
    private final GoneHandler onGone;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    /** Stopped from outside (save the cursor on the way out), not gone (nothing left to save). */
    private volatile boolean stopped;
    /** The last alert done with; saved to the store at most every cursor-save-interval (and when idle or stopping). */
    private volatile long cursor = -1;
    private long savedCursor = -1;
    private long savedAtNanos;
    /** When the alert in hand was stored (epoch ms), 0 while idle: the lag. */
    private volatile long inHandStoredAt;

    /**
     * @param cursorName the cursor's key in the store (e.g. "mqtt:user123", "webhook:12")
     * @param userId     whose alerts (alert ids count per user)
     */
    Dispatcher(String cursorName, String userId, DeliveryChannel channel, Predicate<DeliveryAlert> wants,
               AlertFeed feed, CursorStore cursors, DeliveryConfig config, ChannelStats stats, GoneHandler onGone) {
        this.cursorName = cursorName;
        this.userId = userId;
        this.channel = channel;
        this.wants = wants;
        this.feed = feed;
        this.cursors = cursors;
        this.config = config;
        this.stats = stats;
        this.onGone = onGone;
        this.thread = Thread.ofVirtual().name("deliver-" + cursorName).unstarted(this::run);
    }

    String cursorName() {
        return cursorName;
    }

    String userId() {
        return userId;
    }

    /**
     * @param fromLatest without a stored cursor, start after the user's newest alert (a target just
     *                   added gets what is raised from now on, not the past) rather than at the first
     */
    void start(boolean fromLatest) {
        cursor = cursors.cursor(cursorName).orElseGet(() -> {
            long start = fromLatest ? feed.latestId(userId) : 0;
            cursors.saveCursor(cursorName, start);
            return start;
        });
        savedCursor = cursor;
        savedAtNanos = System.nanoTime();
        stats.add(this);
        thread.start();
    }

    /** New alerts were stored: look now instead of at the next poll. */
    void wake() {
        wake.release();
    }

    /** Stops after the attempt in hand; an alert not yet done with stays after the cursor. */
    void stop() {
        stopped = true;
        running = false;
        thread.interrupt();
        stats.remove(this);
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    long pending() {
        long at = cursor;
        return at < 0 ? 0 : feed.countAfter(userId, at);
    }

    double lagSeconds() {
        long storedAt = inHandStoredAt;
        return storedAt == 0 ? 0 : Math.max(0, System.currentTimeMillis() - storedAt) / 1000.0;
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (!deliverBatch()) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // The store failed (e.g. the database is away): nothing moved, try again later.
                    LOG.log(Level.WARNING, "delivery " + cursorName + " could not read or save its cursor: "
                            + e.getMessage() + "; again in " + config.retryMax().toSeconds() + " s", e);
                    Thread.sleep(config.retryMax());
                }
            }
        } catch (InterruptedException e) {
            // stopped: what was in hand stays after the cursor and is sent after a restart
        } finally {
            inHandStoredAt = 0;
            if (running || stopped) {
                saveQuietly();
            }
        }
    }

    private void saveQuietly() {
        try {
            save();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "delivery " + cursorName + " could not save its cursor at " + cursor
                    + "; up to " + (cursor - savedCursor) + " alerts will be delivered again", e);
        }
    }

    private void save() {
        if (cursor != savedCursor) {
            long at = cursor;
            cursors.saveCursor(cursorName, at);
            savedCursor = at;
        }
        savedAtNanos = System.nanoTime();
    }

    /** Done with alerts up to alertId. A crash loses at most cursor-save-interval of progress: at least once. */
    private void advance(long alertId) {
        cursor = alertId;
        if (System.nanoTime() - savedAtNanos >= config.cursorSaveInterval().toNanos()) {
            save();
        }
    }

    /** One look at the store; false when the target is gone. */
    private boolean deliverBatch() throws InterruptedException {
        wake.drainPermits();
        List<DeliveryAlert> batch = feed.after(userId, cursor, config.batchSize());
        if (batch.isEmpty()) {
            save(); // idle: the store gets the exact cursor (again, if a save failed before)
            wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
        for (DeliveryAlert alert : batch) {
            if (!running) {
                break;
            }
            if (wants.test(alert) && !handle(alert)) {
                return false;
            }
            advance(alert.alertId());
        }
        return true;
    }

    /** Delivers one alert, retrying passing failures; false when the target is gone. */
    private boolean handle(DeliveryAlert alert) throws InterruptedException {
        inHandStoredAt = alert.storedAt().toEpochMilli();
        try {
            for (int attempt = 0; running; attempt++) {
                if (tooOld(alert)) {
                    stats.skippedTooOld();
                    return true;
                }
                try {
                    switch (deliverOnce(alert)) {
                        case DELIVERED -> stats.delivered();
                        case REJECTED -> stats.failed();
                        case GONE -> {
                            stats.failed();
                            running = false;
                            stats.remove(this);
                            onGone.gone(this);
                            return false;
                        }
                    }
                    return true;
                } catch (RetryLaterException e) {
                    stats.retried();
                    Duration backoff = backoff(attempt, e.retryAfter());
                    LOG.fine(() -> cursorName + ": alert " + alert.alertId() + " " + e.getMessage()
                            + "; again in " + backoff.toMillis() + " ms");
                    Thread.sleep(backoff);
                }
            }
            throw new InterruptedException("stopped");
        } finally {
            inHandStoredAt = 0;
        }
    }

    /** A channel that throws what it should not (a bug, a key it cannot use) refuses that alert. */
    private DeliveryChannel.Outcome deliverOnce(DeliveryAlert alert) throws RetryLaterException, InterruptedException {
        try {
            return channel.deliver(alert);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, cursorName + ": alert " + alert.alertId() + " failed: " + e.getMessage(), e);
            return DeliveryChannel.Outcome.REJECTED;
        }
    }

    private boolean tooOld(DeliveryAlert alert) {
        return alert.storedAt().plus(config.maxAge()).isBefore(Instant.now());
    }

    /** Exponential from retry-initial, capped at retry-max, with "full jitter" over its upper half. */
    private Duration backoff(int attempt, Duration asked) {
        long cap = config.retryMax().toMillis();
        long exponential = Math.min(cap, config.retryInitial().toMillis() << Math.min(attempt, 20));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        if (asked != null) {
            jittered = Math.max(jittered, Math.min(cap, asked.toMillis()));
        }
        return Duration.ofMillis(jittered);
    }
}
