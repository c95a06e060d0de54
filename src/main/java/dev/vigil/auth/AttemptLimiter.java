package dev.vigil.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most max events per key in any sliding window (login attempts per IP or username, offers
 * per user). {@link #tryAcquire} answers how long to wait when the key is at its limit.
 */
public final class AttemptLimiter {
    private final int max;
    private final long windowNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Deque<Long>> events = new ConcurrentHashMap<>();

    public AttemptLimiter(int max, Duration window) {
        this(max, window, System::nanoTime);
    }

    AttemptLimiter(int max, Duration window, LongSupplier clock) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    public int max() {
        return max;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Time until the key may try again: Duration.ZERO when under its limit. Counts nothing. */
    public Duration retryAfter(String key) {
        if (max <= 0) {
            return Duration.ZERO;
        }
        long now = clock.getAsLong();
        Duration[] wait = {Duration.ZERO};
        events.computeIfPresent(key, (k, q) -> {
            while (!q.isEmpty() && now - q.peekFirst() >= windowNanos) {
                q.pollFirst();
            }
            if (q.size() >= max) {
                wait[0] = Duration.ofNanos(windowNanos - (now - q.peekFirst()));
            }
            return q.isEmpty() ? null : q;
        });
        return wait[0];
    }

    /** Counts an event for the key (e.g. a failed login). */
    public void record(String key) {
        if (max > 0) {
            long now = clock.getAsLong();
            events.computeIfAbsent(key, k -> new ArrayDeque<>());
            events.computeIfPresent(key, (k, q) -> {
                q.addLast(now);
                while (q.size() > max) {
                    q.pollFirst();
                }
                return q;
            });
        }
    }

    /**
     * Counts an event for the key if it is under its limit: returns Duration.ZERO then, else the
     * time until the oldest counted event leaves the window (nothing counted). max <= 0: no limit.
     */
    public Duration tryAcquire(String key) {
        if (max <= 0) {
            return Duration.ZERO;
        }
        long now = clock.getAsLong();
        Duration[] wait = {Duration.ZERO};
        events.compute(key, (k, queue) -> {
            Deque<Long> q = queue == null ? new ArrayDeque<>() : queue;
            while (!q.isEmpty() && now - q.peekFirst() >= windowNanos) {
                q.pollFirst();
            }
            if (q.size() >= max) {
                wait[0] = Duration.ofNanos(windowNanos - (now - q.peekFirst()));
            } else {
                q.addLast(now);
            }
            return q;
        });
        // Keys idle for a window are dropped lazily so the map does not grow without bound.
        if (events.size() > 10_000) {
            events.entrySet().removeIf(e -> e.getValue().isEmpty() || now - e.getValue().peekLast() >= windowNanos);
        }
        return wait[0];
    }
}
