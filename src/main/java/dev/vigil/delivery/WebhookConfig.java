package dev.vigil.delivery;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * vigil.webhooks.*.
 *
 * @param timeout      how long one post may take before it counts as failed (and is retried)
 * @param allowPrivate allow targets in loopback/link-local/private ranges (off: no probing the appliance's network)
 * @param maxPerUser   webhooks one user may register
 */
public record WebhookConfig(Duration timeout, boolean allowPrivate, int maxPerUser) {

    public static WebhookConfig from(Config config) {
        return new WebhookConfig(
                config.get("timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                config.get("allow-private").asBoolean().orElse(false),
                config.get("max-per-user").asInt().orElse(10));
    }
}
