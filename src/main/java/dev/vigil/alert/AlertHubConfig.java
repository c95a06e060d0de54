package dev.vigil.alert;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * @param queueCapacity messages waiting per socket; past it the oldest is dropped, so one slow
 *                      client never holds up the others or the analysis
 * @param pingInterval  keep-alive pings, so proxies keep idle sockets open and dead ones are found
 */
public record AlertHubConfig(int queueCapacity, Duration pingInterval) {

    public static AlertHubConfig defaults() {
        return new AlertHubConfig(64, Duration.ofSeconds(20));
    }

    public static AlertHubConfig from(Config node) {
        AlertHubConfig d = defaults();
        return new AlertHubConfig(node.get("queue-capacity").asInt().orElse(d.queueCapacity()),
                node.get("ping-interval").as(Duration.class).orElse(d.pingInterval()));
    }
}
