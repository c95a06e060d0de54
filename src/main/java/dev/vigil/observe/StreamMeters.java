package dev.vigil.observe;

import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * One stream's meters, labelled with its camera (stream_metadata.camera, "unnamed" when not given)
 * and stream id. The stream listing reads them; they leave the registry when the stream closes
 * (a stream's series ends, as a closed connection's does), after the server-wide totals took their
 * counts over.
 */
public final class StreamMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final String camera;
    private final Counter framesDecoded;
    private final Counter framesAnalysed;
    private final Counter framesDropped;
    private final Counter alertsSent;
    private final Timer inference;
    private final Timer alertLatency;
    private final List<Tag> tags;
    /** The gauge naming the stream's decoder; replaced when another decoder takes over. */
    private Meter decoderGauge;
    private boolean closed;

    StreamMeters(MeterRegistry registry, String streamId, String camera, double[] percentiles) {
        this.registry = registry;
        this.camera = camera;
        List<Tag> tags = List.of(Tag.create("camera", camera), Tag.create("stream_id", streamId));
        this.tags = tags;
        this.framesDecoded = registry.getOrCreate(Counter.builder("vigil.frames.decoded").tags(tags)
                .description("Frames decoded, by stream"));
        this.framesAnalysed = registry.getOrCreate(Counter.builder("vigil.frames.analysed").tags(tags)
                .description("Frames that went through the model, by stream"));
        this.framesDropped = registry.getOrCreate(Counter.builder("vigil.frames.dropped").tags(tags)
                .description("Decoded frames not analysed (a newer one replaced them, or a still idle scene), by stream"));
        this.alertsSent = registry.getOrCreate(Counter.builder("vigil.stream.alerts").tags(tags)
                .description("Alerts sent, by stream"));
        this.inference = registry.getOrCreate(Timer.builder("vigil.stream.inference").tags(tags)
                .description("Model time per analysed frame, by stream (recent quantiles)").percentiles(percentiles));
        this.alertLatency = registry.getOrCreate(Timer.builder("vigil.stream.alert.latency").tags(tags)
                .description("Decoder exit to alert queued, by stream (recent quantiles)").percentiles(percentiles));
    }

    public String camera() {
        return camera;
    }

    public Counter framesDecoded() {
        return framesDecoded;
    }

    public Counter framesAnalysed() {
        return framesAnalysed;
    }

    public Counter framesDropped() {
        return framesDropped;
    }

    public Counter alertsSent() {
        return alertsSent;
    }

    public Timer inference() {
        return inference;
    }

    public Timer alertLatency() {
        return alertLatency;
    }

    /** Shows which element decodes the stream: vigil_stream_decoder{decoder=...} 1. */
    public synchronized void decoderChosen(String decoder) {
        if (closed) {
            return;
        }
        if (decoderGauge != null) {
            registry.remove(decoderGauge);
        }
        List<Tag> withDecoder = new java.util.ArrayList<>(tags);
        withDecoder.add(Tag.create("decoder", decoder));
        decoderGauge = registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("vigil.stream.decoder", () -> 1)
                .description("The element decoding each stream's video (value 1)").tags(withDecoder));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (decoderGauge != null) {
            registry.remove(decoderGauge);
        }
        for (Meter meter : List.<Meter>of(framesDecoded, framesAnalysed, framesDropped, alertsSent, inference, alertLatency)) {
            registry.remove(meter);
        }
    }
}
