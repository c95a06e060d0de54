package dev.vigil.stream;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * Limits and lifecycle of live streams.
 *
 * @param maxStreamsPerUser streams one user may have open at once (more answers 429)
 * @param maxStreams        streams the server takes in all (more answers 503)
 * @param firstFrameTimeout an answered stream that decodes no frame by then is closed ("no_media")
 * @param noMediaTimeout    a live stream that decodes no frame for this long is closed ("no_media");
 *                          it is what ends streams of browsers that vanished without DELETE
 * @param disconnectGrace   how long ICE may stay disconnected before the stream is closed
 * @param watchdogInterval  how often lifecycle checks run
 */
public record StreamConfig(int maxStreamsPerUser,
                           int maxStreams,
                           Duration firstFrameTimeout,
                           Duration noMediaTimeout,
                           Duration disconnectGrace,
                           Duration watchdogInterval) {

    public static StreamConfig defaults() {
        return new StreamConfig(8, 32, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    public static StreamConfig from(Config node) {
        StreamConfig d = defaults();
        return new StreamConfig(
                node.get("max-per-user").asInt().orElse(d.maxStreamsPerUser()),
                node.get("max-total").asInt().orElse(d.maxStreams()),
                node.get("first-frame-timeout").as(Duration.class).orElse(d.firstFrameTimeout()),
                node.get("no-media-timeout").as(Duration.class).orElse(d.noMediaTimeout()),
                node.get("disconnect-grace").as(Duration.class).orElse(d.disconnectGrace()),
                node.get("watchdog-interval").as(Duration.class).orElse(d.watchdogInterval()));
    }
}
