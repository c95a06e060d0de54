package dev.vigil.stream;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.media.Frame;
import dev.vigil.media.InvalidOfferException;
import dev.vigil.media.MediaException;
import dev.vigil.media.PipelineTemplates;
import dev.vigil.media.WebRtcConfig;
import dev.vigil.media.WebRtcReceiver;
import dev.vigil.observe.Meters;
import dev.vigil.observe.StreamMeters;
import io.helidon.metrics.api.Tag;
import jakarta.json.JsonObject;

/**
 * Every live stream of every user: opens them within the limits, ends them when asked or when
 * their peer is gone, and frees their pipelines on every path.
 */
public final class StreamRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamRegistry.class.getName());

    private final StreamConfig config;
    private final WebRtcConfig webRtcConfig;
    private final PipelineTemplates templates;
    private final StreamAnalysis.Factory analysisFactory;
    private final StreamEvents events;
    private final Map<String, LiveStream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private final Meters meters;
    private volatile boolean accepting = true;
    // A closed stream's meters leave the registry; its counts stay in the server's totals here.
    private final AtomicLong framesDecodedByClosed = new AtomicLong();
    private final AtomicLong framesAnalysedByClosed = new AtomicLong();
    private final AtomicLong framesDroppedByClosed = new AtomicLong();
    private final AtomicLong alertsSentByClosed = new AtomicLong();

    public StreamRegistry(StreamConfig config, WebRtcConfig webRtcConfig, PipelineTemplates templates,
                          StreamAnalysis.Factory analysisFactory, StreamEvents events, Meters meters) {
        this.config = config;
        this.meters = meters;
        this.webRtcConfig = webRtcConfig;
        this.templates = templates;
        this.analysisFactory = analysisFactory;
        this.events = events;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("stream-watchdog").daemon().factory());
        long interval = config.watchdogInterval().toMillis();
        watchdog.scheduleWithFixedDelay(this::expireStreams, interval, interval, TimeUnit.MILLISECONDS);
        for (StreamState state : StreamState.values()) {
            meters.gauge("vigil.streams", "Streams open now, by state", () -> count(state), Tag.create("state", state.wireName()));
        }
        meters.gauge("vigil.users", "Users with at least one open stream", this::userCount);
    }

    private long count(StreamState state) {
        return streams.values().stream().filter(stream -> stream.state() == state).count();
    }

    /**
     * Opens a stream for the user from a browser's offer. The stream is listed (as connecting)
     * from the moment its slot is taken; any failure removes it again before this returns.
     */
    public LiveStream open(String userId, JsonObject metadata, String offerSdp)
            throws StreamLimitException, InvalidOfferException, MediaException, ShuttingDownException {
        LiveStream stream = reserve(userId, metadata);
        try {
            WebRtcReceiver receiver = WebRtcReceiver.answer(offerSdp, webRtcConfig, templates, new WebRtcReceiver.Listener() {
                @Override
                public void onFrame(Frame frame) {
                    stream.onFrame(frame);
                }

                @Override
                public void onDecoder(String decoder) {
                    stream.meters().decoderChosen(decoder);
                }

                @Override
                public void onFailure(String reason) {
                    watchdog.execute(() -> close(stream, "media_error"));
                    LOG.log(Level.INFO, () -> "stream " + stream.streamId() + " failed: " + reason);
                }
            });
            stream.attach(receiver, analysisFactory.open(stream.info(), stream.meters()));
            meters.streamsOpened().increment();
            return stream;
        } catch (InvalidOfferException | MediaException | RuntimeException e) {
            streams.remove(stream.streamId());
            stream.beginClose();
            stream.release();
            stream.removeMeters();
            throw e;
        }
    }

    private synchronized LiveStream reserve(String userId, JsonObject metadata)
            throws StreamLimitException, ShuttingDownException {
        if (!accepting) {
            throw new ShuttingDownException();
        }
        if (streams.size() >= config.maxStreams()) {
            throw new StreamLimitException(true, "the server is at its limit of " + config.maxStreams()
                    + " streams; try again later");
        }
        if (streamsOf(userId).size() >= config.maxStreamsPerUser()) {
            throw new StreamLimitException(false, "user " + userId + " already has " + config.maxStreamsPerUser()
                    + " streams, the most allowed; close one first");
        }
        String streamId = UUID.randomUUID().toString();
        StreamMeters streamMeters = meters.forStream(streamId, metadata.getString("camera", null));
        LiveStream stream = new LiveStream(userId, streamId, metadata, streamMeters);
        streams.put(stream.streamId(), stream);
        return stream;
    }

    public Optional<LiveStream> find(String userId, String streamId) {
        LiveStream stream = streams.get(streamId);
        return stream != null && stream.userId().equals(userId) ? Optional.of(stream) : Optional.empty();
    }

    /** The user's streams, oldest first. */
    public List<LiveStream> streamsOf(String userId) {
        return streams.values().stream()
                .filter(stream -> stream.userId().equals(userId))
                .sorted(Comparator.comparingLong(LiveStream::createdNanos))
                .toList();
    }

    public List<LiveStream> all() {
        return List.copyOf(streams.values());
    }

    public long userCount() {
        return streams.values().stream().map(LiveStream::userId).distinct().count();
    }

    /** Closes one stream; false if it was not open (or already closing). */
    public boolean close(String userId, String streamId, String reason) {
        return find(userId, streamId).map(stream -> close(stream, reason)).orElse(false);
    }

    /** Closes all of a user's streams and returns their ids. */
    public List<String> closeUser(String userId, String reason) {
        return streamsOf(userId).stream().filter(stream -> close(stream, reason)).map(LiveStream::streamId).toList();
    }

    public void updateMetadata(LiveStream stream, JsonObject metadata) {
        stream.updateMetadata(metadata);
    }

    private boolean close(LiveStream stream, String reason) {
        if (!stream.beginClose()) {
            return false;
        }
        try {
            stream.release();
        } finally {
            // After release, when the analysis has stopped counting; its meters leave the registry.
            StreamMeters closed = stream.meters();
            framesDecodedByClosed.addAndGet(closed.framesDecoded().count());
            framesAnalysedByClosed.addAndGet(closed.framesAnalysed().count());
            framesDroppedByClosed.addAndGet(closed.framesDropped().count());
            alertsSentByClosed.addAndGet(closed.alertsSent().count());
            streams.remove(stream.streamId());
            stream.removeMeters();
            meters.streamsClosed(reason).increment();
            events.streamClosed(stream.info(), reason);
            LOG.log(Level.INFO, () -> "stream " + stream.streamId() + " of " + stream.userId() + " closed: " + reason);
        }
        return true;
    }

    private void expireStreams() {
        long now = System.nanoTime();
        for (LiveStream stream : streams.values()) {
            try {
                String reason = stream.expiryReason(config, now);
                if (reason != null) {
                    close(stream, reason);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "watchdog check of stream " + stream.streamId() + " failed", e);
            }
        }
    }

    /** Totals over open and closed streams. */
    public Totals totals() {
        long decoded = framesDecodedByClosed.get();
        long analysed = framesAnalysedByClosed.get();
        long dropped = framesDroppedByClosed.get();
        long alerts = alertsSentByClosed.get();
        double fps = 0;
        for (LiveStream stream : streams.values()) {
            StreamMeters counts = stream.meters();
            decoded += counts.framesDecoded().count();
            analysed += counts.framesAnalysed().count();
            dropped += counts.framesDropped().count();
            alerts += counts.alertsSent().count();
            fps += stream.analysisFps();
        }
        return new Totals(streams.size(), userCount(), meters.streamsOpened().count(), meters.streamsClosedTotal(),
                decoded, analysed, dropped, alerts, fps);
    }

    /** Server-wide stream figures. */
    public record Totals(int streams, long users, long streamsOpened, long streamsClosed, long framesDecoded,
                         long framesAnalysed, long framesDropped, long alertsSent, double analysisFps) {
    }

    public boolean accepting() {
        return accepting;
    }

    /** From now on offers are refused ({@link ShuttingDownException}); streams already open go on. */
    public void stopAccepting() {
        accepting = false;
    }

    /**
     * Closes every stream with reason server_shutdown, all at once (each pipeline takes its own
     * time to stop), waiting at most the given time; what is not closed by then is left to the
     * process exit. Returns whether every stream closed in time.
     */
    public boolean closeAll(java.time.Duration within) {
        stopAccepting();
        watchdog.shutdownNow();
        List<Thread> closing = List.copyOf(streams.values()).stream()
                .map(stream -> Thread.ofVirtual().name("close-" + stream.streamId()).start(() -> close(stream, "server_shutdown")))
                .toList();
        long deadline = System.nanoTime() + within.toNanos();
        boolean all = true;
        for (Thread thread : closing) {
            try {
                long left = deadline - System.nanoTime();
                all &= left > 0 && thread.join(java.time.Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }

    @Override
    public void close() {
        closeAll(java.time.Duration.ofSeconds(30));
    }
}
