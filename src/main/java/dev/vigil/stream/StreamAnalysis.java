package dev.vigil.stream;

import dev.vigil.media.Frame;
import dev.vigil.observe.StreamMeters;

/**
 * What a stream does with its decoded frames. One per stream; {@link #offer} is called on the
 * decoder's thread and must return at once (newest frame wins, the rest count as dropped). The
 * analysis owns the frames it is offered: it releases each one when done with it or dropping it.
 */
public interface StreamAnalysis extends AutoCloseable {

    void offer(Frame frame);

    /** Analysed frames per second, recent. */
    double analysisFps();

    /** The stream's metadata changed (e.g. zones drawn on a live stream). */
    default void metadataChanged(StreamInfo stream) {
    }

    @Override
    void close();

    /** Opens the analysis of a new stream, which counts what it does in the stream's meters. */
    interface Factory {
        StreamAnalysis open(StreamInfo stream, StreamMeters meters);
    }

    /** No analysis at all: frames are decoded and counted, nothing else. */
    Factory NONE = (stream, meters) -> new StreamAnalysis() {
        @Override
        public void offer(Frame frame) {
            frame.release();
        }

        @Override
        public double analysisFps() {
            return 0;
        }

        @Override
        public void close() {
        }
    };
}
