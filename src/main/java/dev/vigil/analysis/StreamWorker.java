package dev.vigil.analysis;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertOutbox;
import dev.vigil.alert.Annotator;
import dev.vigil.anomaly.Analysis;
import dev.vigil.anomaly.StreamAnalyzer;
import dev.vigil.anomaly.Verdict;
import dev.vigil.anomaly.Zone;
import dev.vigil.media.Frame;
import dev.vigil.vision.BBox;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.MotionZoom;
import dev.vigil.vision.TopDownLook;
import dev.vigil.media.JpegEncoder;
import dev.vigil.observe.StreamMeters;
import dev.vigil.stream.RateMeter;
import dev.vigil.stream.StreamAnalysis;
import dev.vigil.stream.StreamInfo;
import dev.vigil.vision.Person;
import dev.vigil.vision.Poses;
import jakarta.json.JsonObject;

/**
 * One stream's analysis thread: takes the newest decoded frame (older ones waiting are dropped),
 * runs pose, tracking and anomaly judgement, and publishes debounced alerts with an annotated
 * snapshot to the user's sockets.
 */
final class StreamWorker implements StreamAnalysis {
    private static final Logger LOG = Logger.getLogger(StreamWorker.class.getName());

    private final AnalysisService service;
    private final StreamInfo stream;
    private final String camera;
    private final AtomicReference<Frame> pending = new AtomicReference<>();
    private final StreamMeters meters;
    private final RateMeter analysisRate = new RateMeter();
    private final MotionGate motion = new MotionGate();
    private final MotionZoom zoom = new MotionZoom();
    private final TopDownLook topDown = new TopDownLook();
    private final Thread thread;
    private volatile boolean running = true;
    /** Zones waiting to be handed to the analyzer, set from request threads. */
    private final AtomicReference<List<Zone>> newZones = new AtomicReference<>();
    private StreamAnalyzer analyzer;
    private JpegEncoder encoder;
    private long lastInferenceNanos;
    private long lastPersonSeenNanos = System.nanoTime();

    StreamWorker(AnalysisService service, StreamInfo stream, StreamMeters meters) {
        this.service = service;
        this.meters = meters;
        this.stream = stream;
        this.camera = stream.metadata().getString("camera", null);
        this.newZones.set(Zone.fromMetadata(stream.metadata()));
        this.thread = Thread.ofPlatform().name("analysis-" + stream.streamId().substring(0, 8)).daemon().start(this::run);
    }

    @Override
    public void offer(Frame frame) {
        Frame replaced = pending.getAndSet(frame);
        if (replaced != null) {
            replaced.release();
            meters.framesDropped().increment();
        }
        LockSupport.unpark(thread);
    }

    private void run() {
        while (running) {
            Frame frame = pending.get();
            long wait = frame == null ? TimeUnit.MILLISECONDS.toNanos(200) : idleWait();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            frame = pending.getAndSet(null);
            if (frame == null) {
                continue;
            }
            try {
                if (worthAnalysing(frame)) {
                    analyse(frame);
                } else {
                    meters.framesDropped().increment();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "analysis of a frame of stream " + stream.streamId() + " failed", e);
            } finally {
                frame.release();
            }
        }
        Frame left = pending.getAndSet(null);
        if (left != null) {
            left.release();
        }
    }

    /**
     * A scene empty for idle-after is looked at idle-fps times a second at most; the frames in
     * between are dropped. The delay keeps a person the model misses for a few frames at full rate.
     */
    private long idleWait() {
        long now = System.nanoTime();
        if (!idle(now)) {
            return 0;
        }
        long interval = (long) (1e9 / service.config.idleFps());
        return lastInferenceNanos + interval - now;
    }

    private boolean idle(long now) {
        return service.config.idleFps() > 0 && now - lastPersonSeenNanos >= service.config.idleAfter().toNanos();
    }

    /**
     * Busy scenes: every frame the worker gets to. Idle ones: a frame where something moved since the
     * model last looked, or any frame once still-scene-interval has passed (someone who came in too
     * slowly to register as motion); checking the others costs microseconds instead of a model run.
     */
    private boolean worthAnalysing(Frame frame) {
        long now = System.nanoTime();
        long stillInterval = service.config.stillSceneInterval().toNanos();
        if (!idle(now) || stillInterval <= 0 || now - lastInferenceNanos >= stillInterval) {
            return true;
        }
        return motion.moved(frame);
    }

    private void analyse(Frame frame) {
        Poses poses;
        long started;
        // the classifier's input, fetched only while the scene can matter (the analyzer is made on the first frame)
        boolean withMaps = service.violenceModel != null && (analyzer == null || analyzer.wantsMaps(frame.ptsNanos()));
        if (service.batcher != null) {
            // The batch collector runs one batch at a time; the time includes waiting for the batch.
            started = System.nanoTime();
            poses = service.batcher.detect(frame, withMaps);
        } else {
            service.inferencePermits.acquireUninterruptibly();
            started = System.nanoTime();
            try {
                poses = service.model.poses(frame, withMaps);
            } finally {
                service.inferencePermits.release();
            }
        }
        List<Person> people = poses.people();
        LumaGrid grid = LumaGrid.of(frame);
        if (service.config.zoom()) {
            people = zoom.look(frame, grid, people, frame.ptsNanos(), region -> {
                service.inferencePermits.acquireUninterruptibly();
                try {
                    return service.model.detect(frame, region);
                } finally {
                    service.inferencePermits.release();
                }
            });
        }
        List<BBox> detected = null; // the detector's boxes when it looked at this frame
        if (service.detector != null && analyzer != null && analyzer.fightGateOpen() && topDown.due(frame.ptsNanos())) {
            service.inferencePermits.acquireUninterruptibly(); // one permit for the detector and its crops' pose passes
            try {
                people = topDown.look(people, frame.ptsNanos(), frame.width(), frame.height(),
                        () -> service.detector.detect(frame), region -> service.model.detect(frame, region));
                detected = topDown.lastBoxes();
                service.meters.detectorLooks().increment();
            } finally {
                service.inferencePermits.release();
            }
        }
        long finished = System.nanoTime();
        meters.inference().record(finished - started, TimeUnit.NANOSECONDS);
        service.meters.recordInference(finished - started);
        lastInferenceNanos = finished;
        motion.remember(frame); // before an alert draws on it
        if (!people.isEmpty()) {
            lastPersonSeenNanos = finished;
            prepareSnapshots(frame);
        }
        meters.framesAnalysed().increment();
        analysisRate.mark(finished);

        if (analyzer == null) {
            analyzer = new StreamAnalyzer(service.anomalyConfig, List.of(), frame.width(), frame.height(),
                    service.violenceModel);
        }
        List<Zone> zones = newZones.getAndSet(null);
        if (zones != null) {
            analyzer.updateZones(zones);
        }
        Analysis analysis = analyzer.analyze(people, frame.ptsNanos(), frame.width(), frame.height(), grid, poses.heat(),
                poses.backbone(), detected);
        if (!analysis.alerts().isEmpty()) {
            publish(frame, analysis);
        }
    }

    /**
     * Draws and encodes the snapshot here; storing it and sending it happen on the store writer
     * (write before send), which reports back when the alert went to the sockets.
     */
    private void publish(Frame frame, Analysis analysis) {
        Annotator.draw(frame, analysis.people(), analysis.verdicts());
        byte[] jpeg = encoder().encode(frame);
        long decodedAt = frame.decodedAtNanos();
        long now = System.currentTimeMillis();
        for (Verdict alert : analysis.alerts()) {
            JsonObject body = AlertMessage.body(stream.userId(), stream.streamId(), camera, frame.frameNumber(), alert,
                    frame.width(), frame.height(), now);
            service.outbox.submit(new AlertOutbox.Pending(stream.userId(), stream.streamId(), camera,
                    alert.behaviours(), body, jpeg, publishedAt -> {
                        long latency = publishedAt - decodedAt;
                        meters.alertLatency().record(latency, TimeUnit.NANOSECONDS);
                        service.meters.recordAlertLatency(latency);
                    }));
            meters.alertsSent().increment();
            for (String behaviour : alert.behaviours()) {
                service.meters.alerts(behaviour).increment();
            }
        }
    }

    /**
     * Builds the stream's JPEG encoder when someone is first in view and encodes that frame once,
     * so the first alert waits neither for the pipeline nor for its negotiation of the frame size.
     */
    private void prepareSnapshots(Frame frame) {
        if (encoder == null) {
            encoder().encode(frame);
        }
    }

    private JpegEncoder encoder() {
        if (encoder == null) {
            encoder = new JpegEncoder(service.templates, service.config.jpegQuality());
        }
        return encoder;
    }

    @Override
    public void metadataChanged(StreamInfo changed) {
        newZones.set(Zone.fromMetadata(changed.metadata()));
    }

    @Override
    public double analysisFps() {
        return analysisRate.perSecond(System.nanoTime());
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (encoder != null) {
            encoder.close();
        }
    }
}
