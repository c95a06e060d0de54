package dev.vigil.delivery;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/** Figures of one channel over all its targets, for /api/stats. */
public final class ChannelStats {
    private final String channel;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong skippedTooOld = new AtomicLong();
    private final Set<Dispatcher> dispatchers = new CopyOnWriteArraySet<>();

    public ChannelStats(String channel) {
        this.channel = channel;
    }

    /** A moment's figures. */
    public record Figures(String channel, int targets, long delivered, long failed, long retried, long pending,
                          long skippedTooOld, double lagSeconds) {
    }

    public Figures figures() {
        long pending = 0;
        double lag = 0;
        for (Dispatcher dispatcher : dispatchers) {
            pending += dispatcher.pending();
            lag = Math.max(lag, dispatcher.lagSeconds());
        }
        return new Figures(channel, dispatchers.size(), delivered.get(), failed.get(), retried.get(), pending,
                skippedTooOld.get(), lag);
    }

    void add(Dispatcher dispatcher) {
        dispatchers.add(dispatcher);
    }

    void remove(Dispatcher dispatcher) {
        dispatchers.remove(dispatcher);
    }

    void delivered() {
        delivered.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    void retried() {
        retried.incrementAndGet();
    }

    void skippedTooOld() {
        skippedTooOld.incrementAndGet();
    }
}
