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
    private final AtomicLong streamsOpened = new AtomicLong();
    private final AtomicLong streamsClosed = new AtomicLong();
    private final AtomicLong framesDecodedByClosed = new AtomicLong();
    private final AtomicLong framesAnalysedByClosed = new AtomicLong();
    private final AtomicLong framesDroppedByClosed = new AtomicLong();
    private final AtomicLong alertsSentByClosed = new AtomicLong();

    public StreamRegistry(StreamConfig config, WebRtcConfig webRtcConfig, PipelineTemplates templates,
                          StreamAnalysis.Factory analysisFactory, StreamEvents events) {
        this.config = config;
        this.webRtcConfig = webRtcConfig;
        this.templates = templates;
        this.analysisFactory = analysisFactory;
        this.events = events;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("stream-watchdog").daemon().factory());
        long interval = config.watchdogInterval().toMillis();
        watchdog.scheduleWithFixedDelay(this::expireStreams, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream for the user from a browser's offer. The stream is listed (as connecting)
     * from the moment its slot is taken; any failure removes it again before this returns.
     */
    public LiveStream open(String userId, JsonObject metadata, String offerSdp)
            throws StreamLimitException, InvalidOfferException, MediaException {
        LiveStream stream = reserve(userId, metadata);
        try {
            WebRtcReceiver receiver = WebRtcReceiver.answer(offerSdp, webRtcConfig, templates, new WebRtcReceiver.Listener() {
                @Override
                public void onFrame(Frame frame) {
                    stream.onFrame(frame);
                }

                @Override
                public void onFailure(String reason) {
                    watchdog.execute(() -> close(stream, "media_error"));
                    LOG.log(Level.INFO, () -> "stream " + stream.streamId() + " failed: " + reason);
                }
            });
            stream.attach(receiver, analysisFactory.open(stream.info()));
            streamsOpened.incrementAndGet();
            return stream;
        } catch (InvalidOfferException | MediaException | RuntimeException e) {
            streams.remove(stream.streamId());
            stream.beginClose();
            stream.release();
            throw e;
        }
    }

    private synchronized LiveStream reserve(String userId, JsonObject metadata) throws StreamLimitException {
        if (streams.size() >= config.maxStreams()) {
            throw new StreamLimitException(true, "the server is at its limit of " + config.maxStreams()
                    + " streams; try again later");
        }
        if (streamsOf(userId).size() >= config.maxStreamsPerUser()) {
            throw new StreamLimitException(false, "user " + userId + " already has " + config.maxStreamsPerUser()
                    + " streams, the most allowed; close one first");
        }
        LiveStream stream = new LiveStream(userId, UUID.randomUUID().toString(), metadata);
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
            AnalysisStats stats = stream.analysisStats();
            framesAnalysedByClosed.addAndGet(stats.framesAnalysed());
            framesDroppedByClosed.addAndGet(stats.framesDropped());
            alertsSentByClosed.addAndGet(stats.alertsSent());
            stream.release();
            framesDecodedByClosed.addAndGet(stream.framesDecoded());
        } finally {
            streams.remove(stream.streamId());
            streamsClosed.incrementAndGet();
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
            AnalysisStats stats = stream.analysisStats();
            decoded += stream.framesDecoded();
            analysed += stats.framesAnalysed();
            dropped += stats.framesDropped();
            alerts += stats.alertsSent();
            fps += stats.analysisFps();
        }
        return new Totals(streams.size(), userCount(), streamsOpened.get(), streamsClosed.get(),
                decoded, analysed, dropped, alerts, fps);
    }

    /** Server-wide stream figures. */
    public record Totals(int streams, long users, long streamsOpened, long streamsClosed, long framesDecoded,
                         long framesAnalysed, long framesDropped, long alertsSent, double analysisFps) {
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        for (LiveStream stream : List.copyOf(streams.values())) {
            close(stream, "server_shutdown");
        }
    }
}
