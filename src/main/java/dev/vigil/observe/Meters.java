package dev.vigil.observe;

import java.time.Duration;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.metrics.api.ValueAtPercentile;
import io.helidon.metrics.spi.MetersProvider;

/**
 * Vigil's meters, all in the one registry that {@code /metrics} exposes in Prometheus text format
 * and that {@code /api/stats} and the stream listing read. Every meter name and bucket layout is
 * here, so the README's table of metric families has one source.
 */
public final class Meters {
    /** Percentiles the JSON figures show; Micrometer keeps them over a rolling window (recent values). */
    private static final double[] PERCENTILES = {0.5, 0.95};
    private static final Duration[] INFERENCE_BUCKETS = millis(2, 5, 10, 15, 20, 30, 50, 75, 100, 200, 500, 1000);
    private static final Duration[] ALERT_LATENCY_BUCKETS = millis(10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000);

    private final MeterRegistry registry;
    private final Timer inference;
    private final Timer inferenceRecent;
    private final Timer alertLatency;
    private final Timer alertLatencyRecent;
    private final Counter messagesSent;
    private final Counter messagesDropped;
    private final Counter streamsOpened;

    public Meters(MeterRegistry registry) {
        this.registry = registry;
        // Histograms (buckets) for Prometheus, and beside each a summary of recent quantiles that the
        // JSON figures read: one meter with both writes quantile samples into a histogram family,
        // which the text format does not allow (a strict parser rejects it).
        this.inference = registry.getOrCreate(Timer.builder("vigil.inference")
                .description("Model time per analysed frame, every stream")
                .percentiles(new double[0]).buckets(INFERENCE_BUCKETS)); // none of Helidon's default quantiles
        this.inferenceRecent = registry.getOrCreate(Timer.builder("vigil.inference.recent")
                .description("Model time per analysed frame, every stream: quantiles of the last two minutes")
                .percentiles(PERCENTILES));
        this.alertLatency = registry.getOrCreate(Timer.builder("vigil.alert.latency")
                .description("Time from a frame leaving the decoder to its alert being queued on the sockets, every stream")
                .percentiles(new double[0]).buckets(ALERT_LATENCY_BUCKETS));
        this.alertLatencyRecent = registry.getOrCreate(Timer.builder("vigil.alert.latency.recent")
                .description("Decoder exit to alert queued, every stream: quantiles of the last two minutes")
                .percentiles(PERCENTILES));
        this.messagesSent = registry.getOrCreate(Counter.builder("vigil.socket.messages.sent")
                .description("WebSocket messages sent to clients"));
        this.messagesDropped = registry.getOrCreate(Counter.builder("vigil.socket.messages.dropped")
                .description("WebSocket messages dropped because a socket's queue was full (oldest first)"));
        this.streamsOpened = registry.getOrCreate(Counter.builder("vigil.streams.opened")
                .description("Streams opened since start"));
    }

    /**
     * A registry of Vigil's own (one per server, so servers in one JVM, e.g. tests, do not mix
     * figures) with Helidon's JVM and process meters (helidon-metrics-system-meters) in it.
     */
    public static Meters create() {
        MetricsFactory factory = MetricsFactory.getInstance();
        MeterRegistry registry = factory.createMeterRegistry(MetricsConfig.create());
        for (MetersProvider provider : ServiceLoader.load(MetersProvider.class)) {
            for (Meter.Builder<?, ?> builder : provider.meterBuilders(factory)) {
                register(registry, builder);
            }
        }
        return new Meters(registry);
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // the providers hand out builders of unknown meter types
    private static void register(MeterRegistry registry, Meter.Builder builder) {
        registry.getOrCreate(builder);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Records one model run of any stream (histogram and recent quantiles). */
    public void recordInference(long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
        inferenceRecent.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records one alert's latency, decoder exit to queued (histogram and recent quantiles). */
    public void recordAlertLatency(long nanos) {
        alertLatency.record(nanos, TimeUnit.NANOSECONDS);
        alertLatencyRecent.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Recent quantiles of model time, every stream. */
    public Timer inferenceRecent() {
        return inferenceRecent;
    }

    /** Recent quantiles of alert latency, every stream. */
    public Timer alertLatencyRecent() {
        return alertLatencyRecent;
    }

    public Counter messagesSent() {
        return messagesSent;
    }

    public Counter messagesDropped() {
        return messagesDropped;
    }

    public Counter streamsOpened() {
        return streamsOpened;
    }

    /** Looks of the fight stage's person detector (with the pose passes on its boxes), every stream. */
    public Counter detectorLooks() {
        return registry.getOrCreate(Counter.builder("vigil.detector.looks")
                .description("Person detector runs of the fight stage (when a stream's fight gate was open), every stream"));
    }

    public Counter streamsClosed(String reason) {
        return registry.getOrCreate(Counter.builder("vigil.streams.closed")
                .description("Streams closed since start, by reason (the stream_closed message's reason)")
                .tags(Arrays.asList(Tag.create("reason", reason))));
    }

    public long streamsClosedTotal() {
        return registry.meters(meter -> meter.id().name().equals("vigil.streams.closed")).stream()
                .mapToLong(meter -> ((Counter) meter).count()).sum();
    }

    /** Alerts sent, counted once for each behaviour an alert names. */
    public Counter alerts(String behaviour) {
        return registry.getOrCreate(Counter.builder("vigil.alerts")
                .description("Alerts sent, by behaviour (an alert naming two behaviours counts in both)")
                .tags(Arrays.asList(Tag.create("behaviour", behaviour))));
    }

    /** Registers a gauge read from the supplier at each scrape. */
    public void gauge(String name, String description, Supplier<? extends Number> value, Tag... tags) {
        Supplier<Number> read = value::get;
        registry.getOrCreate(Gauge.builder(name, read).description(description).tags(Arrays.asList(tags)));
    }

    /** The meters of one stream; removed from the registry when the stream closes. */
    public StreamMeters forStream(String streamId, String camera) {
        return new StreamMeters(registry, streamId, camera == null || camera.isBlank() ? "unnamed" : camera, PERCENTILES);
    }

    /** A percentile (0..1) of a timer's recent values in milliseconds, 0 before any value. */
    public static double percentileMillis(Timer timer, double percentile) {
        for (ValueAtPercentile value : timer.snapshot().percentileValues()) {
            if (value.percentile() == percentile) {
                double millis = value.value(TimeUnit.MILLISECONDS);
                return Double.isNaN(millis) ? 0 : millis;
            }
        }
        return 0;
    }

    private static Duration[] millis(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    }
}
