package dev.vigil.analysis;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * @param enabled             false runs streams without analysis (decode and count only)
 * @param maxConcurrent       inferences running at once across all streams; waiting streams are served in turn
 * @param idleFps             analysis rate of a stream that has had nobody in view for idleAfter, so empty scenes cost little
 * @param idleAfter           how long a scene must be empty before it is analysed at idleFps
 * @param stillSceneInterval  an idle scene where nothing moved (a coarse brightness grid of the frame
 *                            against the last analysed one) is analysed only this often; a frame where
 *                            something moved is analysed at once (at most idleFps). Zero: idle scenes
 *                            are analysed at idleFps whatever they show
 * @param jpegQuality         quality of annotated snapshots (0..100)
 * @param batchSize           frames of several streams run through the model at once: 0 picks (8 on a
 *                            GPU execution provider, off on the CPU, where a batch costs as much as its
 *                            frames one by one), 1 is off
 * @param batchWait           how long a frame waits for others to join its batch
 * @param zoom                a second, magnified pose pass on a region where something moves and the
 *                            whole-frame pass found nobody (small and tangled people, see MotionZoom)
 */
public record AnalysisConfig(boolean enabled, int maxConcurrent, double idleFps, Duration idleAfter,
                             Duration stillSceneInterval, int jpegQuality, int batchSize, Duration batchWait,
                             boolean zoom) {

    public AnalysisConfig(boolean enabled, int maxConcurrent, double idleFps, Duration idleAfter,
                          Duration stillSceneInterval, int jpegQuality) {
        this(enabled, maxConcurrent, idleFps, idleAfter, stillSceneInterval, jpegQuality, 0, Duration.ofMillis(3), true);
    }

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(true, 2, 2.0, Duration.ofSeconds(3), Duration.ofSeconds(5), 85);
    }

    public static AnalysisConfig from(Config node) {
        AnalysisConfig d = defaults();
        return new AnalysisConfig(
                node.get("enabled").asBoolean().orElse(d.enabled()),
                node.get("max-concurrent").asInt().orElse(d.maxConcurrent()),
                node.get("idle-fps").asDouble().orElse(d.idleFps()),
                node.get("idle-after").as(Duration.class).orElse(d.idleAfter()),
                node.get("still-scene-interval").as(Duration.class).orElse(d.stillSceneInterval()),
                node.get("jpeg-quality").asInt().orElse(d.jpegQuality()),
                node.get("batch-size").asInt().orElse(d.batchSize()),
                node.get("batch-wait").as(Duration.class).orElse(d.batchWait()),
                node.get("zoom").asBoolean().orElse(d.zoom()));
    }
}
