package dev.vigil.anomaly;

import io.helidon.config.Config;

/**
 * The per-camera normality model (a thresholded Random Cut Forest).
 *
 * @param enabled         false: only the behaviour detectors speak
 * @param warmupSamples   person-frames the model must learn from before it may flag anything (at 10 analysed
 *                        frames a second, 1500 is 2.5 minutes of one person in view)
 * @param sampleSize      points each tree keeps: memory per stream is bounded by trees x sampleSize
 * @param trees           trees in the forest
 * @param sustainSeconds  a person is unusual only when every score over this long is past the threshold, so a
 *                        one-frame glitch of the pose model is not an alert
 * @param thresholdFactor multiplies the forest's own adaptive threshold: above 1 flags only stronger outliers
 */
public record NormalityConfig(boolean enabled, int warmupSamples, int sampleSize, int trees, double sustainSeconds,
                              double thresholdFactor) {

    public NormalityConfig {
        if (warmupSamples < 0 || sampleSize < 16 || trees < 1 || sustainSeconds < 0 || thresholdFactor <= 0) {
            throw new IllegalArgumentException("normality config out of range: warmup-samples >= 0, sample-size >= 16,"
                    + " trees >= 1, sustain-seconds >= 0, threshold-factor > 0");
        }
    }

    public static NormalityConfig defaults() {
        return new NormalityConfig(true, 1500, 256, 30, 0.5, 1.5);
    }

    /** Keys: enabled, warmup-samples, sample-size, trees, sustain-seconds, threshold-factor. */
    public static NormalityConfig from(Config node) {
        NormalityConfig d = defaults();
        return new NormalityConfig(
                node.get("enabled").asBoolean().orElse(d.enabled),
                node.get("warmup-samples").asInt().orElse(d.warmupSamples),
                node.get("sample-size").asInt().orElse(d.sampleSize),
                node.get("trees").asInt().orElse(d.trees),
                node.get("sustain-seconds").asDouble().orElse(d.sustainSeconds),
                node.get("threshold-factor").asDouble().orElse(d.thresholdFactor));
    }
}
