package dev.vigil.stream;

import java.util.Arrays;

/** The last few hundred durations, for recent percentiles; thread-safe. */
public final class LatencyWindow {
    private final long[] nanos = new long[512];
    private int next;
    private int count;

    public synchronized void add(long durationNanos) {
        nanos[next] = durationNanos;
        next = (next + 1) % nanos.length;
        count = Math.min(count + 1, nanos.length);
    }

    /** The given percentile (0..100) in milliseconds, 0 when empty. */
    public synchronized double percentileMillis(double percentile) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(percentile / 100.0 * count) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
