package dev.vigil.analysis;

import java.util.concurrent.Semaphore;

import dev.vigil.alert.AlertHub;
import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.media.PipelineTemplates;
import dev.vigil.stream.LatencyFigures;
import dev.vigil.stream.StreamAnalysis;
import dev.vigil.stream.StreamInfo;
import dev.vigil.anomaly.ViolenceModel;
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
    final AlertHub hub;
    final PipelineTemplates templates;
    final Semaphore inferencePermits;
    final LatencyWindow inference = new LatencyWindow();
    final LatencyWindow alertLatency = new LatencyWindow();

    public AnalysisService(AnalysisConfig config, PoseModel model, ViolenceModel violenceModel,
                           AnomalyConfig anomalyConfig, AlertHub hub, PipelineTemplates templates) {
        this.config = config;
        this.violenceModel = violenceModel;
        this.model = model;
        this.anomalyConfig = anomalyConfig;
        this.hub = hub;
        this.templates = templates;
        this.inferencePermits = new Semaphore(Math.max(1, config.maxConcurrent()), true);
    }

    /** Runs the alert path once on a made-up frame so the first real alert is not slowed by a cold start. */
    public void warmUp() {
        WarmUp.run(this);
    }

    @Override
    public StreamAnalysis open(StreamInfo stream) {
        return new StreamWorker(this, stream);
    }

    public LatencyFigures figures() {
        return new LatencyFigures(inference.percentileMillis(50), inference.percentileMillis(95),
                alertLatency.percentileMillis(50), alertLatency.percentileMillis(95));
    }
}
