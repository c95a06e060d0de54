package dev.vigil.delivery;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * vigil.webpush.*.
 *
 * @param subject      the VAPID "sub" claim push services may use to contact the operator (mailto: or https:)
 * @param ttl          how long a push service keeps a message for an offline browser
 * @param timeout      how long to wait for the push service
 * @param allowPrivate allow endpoints in loopback/private ranges (tests; a real push service is public)
 */
public record WebPushConfig(boolean enabled, String subject, Duration ttl, Duration timeout, boolean allowPrivate) {

    public static WebPushConfig from(Config config) {
        return new WebPushConfig(
                config.get("enabled").asBoolean().orElse(true),
                config.get("subject").asString().orElse("mailto:vigil@localhost"),
                config.get("ttl").as(Duration.class).orElse(Duration.ofHours(1)),
                config.get("timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                config.get("allow-private").asBoolean().orElse(false));
    }
}
