package dev.vigil.stream;

/** Events per second over the last couple of seconds; thread-safe, allocation-free. */
public final class RateMeter {
    private static final long WINDOW_NANOS = 2_000_000_000L;
    private final long[] times = new long[256];
    private int next;
    private int count;

    public synchronized void mark(long nanos) {
        times[next] = nanos;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
    }

    public synchronized double perSecond(long nowNanos) {
        int inWindow = 0;
        long oldest = nowNanos;
        for (int i = 1; i <= count; i++) {
            long t = times[(next - i + times.length) % times.length];
            if (nowNanos - t > WINDOW_NANOS) {
                break;
            }
            inWindow++;
            oldest = t;
        }
        if (inWindow < 2) {
            return 0;
        }
        // Rate over the span the events cover, so a stream that just started is not under-reported.
        double span = Math.max(nowNanos - oldest, WINDOW_NANOS / 4.0) / 1e9;
        return (inWindow - 1) / span;
    }
}
