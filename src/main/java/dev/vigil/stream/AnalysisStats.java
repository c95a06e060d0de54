package dev.vigil.stream;

/**
 * Analysis figures of one stream.
 *
 * @param framesAnalysed    frames that went through the model
 * @param framesDropped     decoded frames replaced by a newer one before analysis took them
 * @param analysisFps       analysed frames per second, recent
 * @param inferenceP50Millis median model time per frame, recent
 * @param inferenceP95Millis 95th percentile model time per frame, recent
 * @param alertsSent        alerts published for this stream
 * @param alertLatencyP50Millis median time from decoder exit to alert queued, recent alerts of this stream
 * @param alertLatencyP95Millis 95th percentile of the same
 */
public record AnalysisStats(long framesAnalysed, long framesDropped, double analysisFps,
                            double inferenceP50Millis, double inferenceP95Millis, long alertsSent,
                            double alertLatencyP50Millis, double alertLatencyP95Millis) {
    public static final AnalysisStats EMPTY = new AnalysisStats(0, 0, 0, 0, 0, 0, 0, 0);
}
