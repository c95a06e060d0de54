package dev.vigil.stream;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.media.Frame;
import dev.vigil.media.WebRtcReceiver;
import dev.vigil.observe.StreamMeters;
import jakarta.json.JsonObject;

/** One browser's video stream: its pipeline, its analysis and its figures. */
public final class LiveStream {
    private final String userId;
    private final String streamId;
    private final Instant createdAt;
    private final long createdNanos;
    private final StreamMeters meters;
    /** Recent decoded frames per second (the metrics library keeps totals, not recent rates). */
    private final RateMeter decodeRate = new RateMeter();
    private final AtomicLong lastFrameNanos = new AtomicLong();
    private volatile JsonObject metadata;
    private volatile StreamState state = StreamState.CONNECTING;
    private volatile int width;
    private volatile int height;
    private volatile long answeredNanos;
    private volatile long disconnectedSinceNanos;
    private volatile WebRtcReceiver receiver;
    private volatile StreamAnalysis analysis;

    LiveStream(String userId, String streamId, JsonObject metadata, StreamMeters meters) {
        this.userId = userId;
        this.streamId = streamId;
        this.metadata = metadata;
        this.meters = meters;
        this.createdAt = Instant.now();
        this.createdNanos = System.nanoTime();
    }

    public String userId() {
        return userId;
    }

    public String streamId() {
        return streamId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public JsonObject metadata() {
        return metadata;
    }

    public StreamState state() {
        return state;
    }

    public StreamInfo info() {
        return new StreamInfo(userId, streamId, metadata, createdAt);
    }

    public long framesDecoded() {
        return meters.framesDecoded().count();
    }

    /** The element decoding this stream's video, null before the first frame's decoder was chosen. */
    public String decoder() {
        WebRtcReceiver current = receiver;
        return current == null ? null : current.decoder();
    }

    public StreamMeters meters() {
        return meters;
    }

    public double decodeFps() {
        return decodeRate.perSecond(System.nanoTime());
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double analysisFps() {
        StreamAnalysis current = analysis;
        return current == null ? 0 : current.analysisFps();
    }

    /** The answer SDP to hand back to the browser. */
    public String answerSdp() {
        return receiver.answerSdp();
    }

    void onFrame(Frame frame) {
        switch (state) {
            case CLOSING -> {
                return;
            }
            case CONNECTING -> markLive();
            default -> { }
        }
        width = frame.width();
        height = frame.height();
        lastFrameNanos.set(frame.decodedAtNanos());
        decodeRate.mark(frame.decodedAtNanos());
        meters.framesDecoded().increment();
        StreamAnalysis current = analysis;
        if (current != null) {
            current.offer(frame);
        } else {
            frame.release();
        }
    }

    void attach(WebRtcReceiver receiver, StreamAnalysis analysis) {
        this.analysis = analysis;
        this.receiver = receiver;
        this.answeredNanos = System.nanoTime();
    }

    void updateMetadata(JsonObject metadata) {
        this.metadata = metadata;
        StreamAnalysis current = analysis;
        if (current != null) {
            current.metadataChanged(info());
        }
    }

    /** Why the watchdog should end this stream now, or null while it is healthy. */
    String expiryReason(StreamConfig config, long now) {
        WebRtcReceiver current = receiver;
        if (current == null || state == StreamState.CLOSING) {
            return null;
        }
        switch (current.connectionState()) {
            case FAILED -> {
                return "ice_failed";
            }
            case CLOSED -> {
                return "peer_closed";
            }
            case DISCONNECTED -> {
                if (disconnectedSinceNanos == 0) {
                    disconnectedSinceNanos = now;
                } else if (now - disconnectedSinceNanos > config.disconnectGrace().toNanos()) {
                    return "peer_disconnected";
                }
            }
            default -> disconnectedSinceNanos = 0;
        }
        long last = lastFrameNanos.get();
        if (last == 0) {
            return now - answeredNanos > config.firstFrameTimeout().toNanos() ? "no_media" : null;
        }
        return now - last > config.noMediaTimeout().toNanos() ? "no_media" : null;
    }

    private synchronized void markLive() {
        if (state == StreamState.CONNECTING) {
            state = StreamState.LIVE;
        }
    }

    /** Marks the stream closing; true only for the first caller. */
    synchronized boolean beginClose() {
        if (state == StreamState.CLOSING) {
            return false;
        }
        state = StreamState.CLOSING;
        return true;
    }

    void release() {
        WebRtcReceiver currentReceiver = receiver;
        if (currentReceiver != null) {
            currentReceiver.close();
        }
        StreamAnalysis currentAnalysis = analysis;
        if (currentAnalysis != null) {
            currentAnalysis.close();
        }
    }

    /** Takes the stream's meters out of the registry; after {@link #release()} and the totals' carry-over. */
    void removeMeters() {
        meters.close();
    }

    long createdNanos() {
        return createdNanos;
    }
}
