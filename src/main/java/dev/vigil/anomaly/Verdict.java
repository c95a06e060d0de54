package dev.vigil.anomaly;

import dev.vigil.vision.BBox;

import java.util.List;

/**
 * The judgement on one tracked person in one analysed frame.
 *
 * @param personId       the tracker's id
 * @param score          0 is the threshold, negative abnormal, more negative more abnormal: -ln(strongest evidence),
 *                       where each detector and the normality model give evidence 1.0 at their threshold (so -0.693
 *                       is twice the threshold, -2.303 ten times); clamped to [-5, 4.605]
 * @param isAbnormal     score &lt; 0
 * @param classification "Abnormal" or "Normal"
 * @param confidence     "High", "Medium" or "Low": distance from the threshold and quality of the evidence
 * @param behaviours     wire names of the behaviours past their threshold (see {@link Behaviour}), empty when normal
 * @param bbox           the person's box in frame pixels
 */
public record Verdict(int personId, double score, boolean isAbnormal, String classification, String confidence,
                      List<String> behaviours, BBox bbox) {

    public Verdict {
        behaviours = List.copyOf(behaviours);
    }
}
