package dev.vigil.analysis;

import java.util.concurrent.Semaphore;

import dev.vigil.alert.AlertOutbox;
import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.media.PipelineTemplates;
import dev.vigil.observe.Meters;
import dev.vigil.observe.StreamMeters;
import dev.vigil.stream.StreamAnalysis;
import dev.vigil.stream.StreamInfo;
import dev.vigil.anomaly.ViolenceModel;
import dev.vigil.vision.InferenceBatcher;
import dev.vigil.vision.PersonDetector;
import dev.vigil.vision.PoseModel;

/**
 * Joins the stages for live streams: each stream gets a {@link StreamWorker}; all share the
 * one pose model, and a fair semaphore bounds how many inferences run at once so that no
 * stream starves when many compete.
 */
public final class AnalysisService implements StreamAnalysis.Factory {
    final AnalysisConfig config;
    final PoseModel model;
    /** The violence classifier shared by every stream; null when it is off. */
    final ViolenceModel violenceModel;
    final AnomalyConfig anomalyConfig;
    final AlertOutbox outbox;
    final PipelineTemplates templates;
    final Semaphore inferencePermits;
    final Meters meters;
    /** The person detector of the fight stage (runs when a stream's fight gate opens); null when it is off. */
    final PersonDetector detector;
    /** Null when frames go through the model one by one. */
    final InferenceBatcher batcher;

    public AnalysisService(AnalysisConfig config, PoseModel model, ViolenceModel violenceModel, PersonDetector detector,
                           AnomalyConfig anomalyConfig, AlertOutbox outbox, PipelineTemplates templates, Meters meters) {
        if (violenceModel != null) {
            ViolenceModel.requireInputsOf(model);
        }
        this.meters = meters;
        this.detector = detector;
        this.config = config;
        this.violenceModel = violenceModel;
        this.model = model;
        this.anomalyConfig = anomalyConfig;
        this.outbox = outbox;
        this.templates = templates;
        this.inferencePermits = new Semaphore(Math.max(1, config.maxConcurrent()), true);
        int batch = config.batchSize() == 0 ? (model.prefersBatches() ? 8 : 1) : config.batchSize();
        this.batcher = batch > 1 ? new InferenceBatcher(model, batch, config.batchWait()) : null;
    }

    /** Stops the batch collector (the model is closed by its owner). */
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
    }

    /** Runs the alert path once on a made-up frame so the first real alert is not slowed by a cold start. */
    public void warmUp() {
        WarmUp.run(this);
    }

    @Override
    public StreamAnalysis open(StreamInfo stream, StreamMeters streamMeters) {
        return new StreamWorker(this, stream, streamMeters);
    }
}
