package dev.vigil.analysis;

import io.helidon.config.Config;

/**
 * @param enabled             false runs streams without analysis (decode and count only)
 * @param maxConcurrent       inferences running at once across all streams; waiting streams are served in turn
 * @param idleFps             analysis rate of a stream whose last frame had nobody in it, so empty scenes cost little
 * @param jpegQuality         quality of annotated snapshots (0..100)
 */
public record AnalysisConfig(boolean enabled, int maxConcurrent, double idleFps, int jpegQuality) {

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(true, 2, 2.0, 85);
    }

    public static AnalysisConfig from(Config node) {
        AnalysisConfig d = defaults();
        return new AnalysisConfig(
                node.get("enabled").asBoolean().orElse(d.enabled()),
                node.get("max-concurrent").asInt().orElse(d.maxConcurrent()),
                node.get("idle-fps").asDouble().orElse(d.idleFps()),
                node.get("jpeg-quality").asInt().orElse(d.jpegQuality()));
    }
}
