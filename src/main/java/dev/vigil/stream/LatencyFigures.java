package dev.vigil.stream;

/**
 * Server-wide timing of analysis, recent.
 *
 * @param inferenceP50Millis   model time per frame (or per batch share), median
 * @param inferenceP95Millis   its 95th percentile
 * @param alertLatencyP50Millis time from a frame leaving the decoder to its alert being queued on the sockets, median
 * @param alertLatencyP95Millis its 95th percentile
 */
public record LatencyFigures(double inferenceP50Millis, double inferenceP95Millis,
                             double alertLatencyP50Millis, double alertLatencyP95Millis) {
    public static final LatencyFigures NONE = new LatencyFigures(0, 0, 0, 0);
}
