package dev.vigil.delivery;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * Settings every channel shares (vigil.delivery.*).
 *
 * @param maxAge        an alert older than this when its turn comes is skipped and counted, not sent late
 * @param retryInitial  first backoff after a passing failure; doubled per attempt, with jitter
 * @param retryMax      the longest backoff
 * @param pollInterval  how often a dispatcher looks at the store when nobody woke it
 * @param batchSize     alerts read from the store at once
 * @param publicUrl     base URL of this server as receivers reach it (for snapshot_url); empty = relative
 * @param cursorSaveInterval during a burst a cursor is written at most this often (and always when its
 *                      target is idle or stops): after a crash, up to this much is delivered again
 */
public record DeliveryConfig(Duration maxAge, Duration retryInitial, Duration retryMax, Duration pollInterval,
                             int batchSize, String publicUrl, Duration cursorSaveInterval) {

    public static DeliveryConfig from(Config config) {
        return new DeliveryConfig(
                config.get("max-age").as(Duration.class).orElse(Duration.ofHours(1)),
                config.get("retry-initial").as(Duration.class).orElse(Duration.ofSeconds(1)),
                config.get("retry-max").as(Duration.class).orElse(Duration.ofMinutes(1)),
                config.get("poll-interval").as(Duration.class).orElse(Duration.ofSeconds(5)),
                config.get("batch-size").asInt().orElse(100),
                stripSlash(config.get("public-url").asString().orElse("")),
                config.get("cursor-save-interval").as(Duration.class).orElse(Duration.ofSeconds(1)));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
