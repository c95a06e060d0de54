package dev.vigil.alert;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * @param queueCapacity        messages waiting per socket; past it the oldest is dropped, so one slow
 *                             client never holds up the others or the analysis
 * @param pingInterval         keep-alive pings, so proxies keep idle sockets open and dead ones are found
 * @param maxSocketsPerUser    open alert sockets one user may hold (each costs a sender thread and a queue)
 * @param maxSockets           open alert sockets in total
 */
public record AlertHubConfig(int queueCapacity, Duration pingInterval, int maxSocketsPerUser, int maxSockets) {

    public static AlertHubConfig defaults() {
        return new AlertHubConfig(64, Duration.ofSeconds(20), 16, 1024);
    }

    public static AlertHubConfig from(Config node) {
        AlertHubConfig d = defaults();
        return new AlertHubConfig(node.get("queue-capacity").asInt().orElse(d.queueCapacity()),
                node.get("ping-interval").as(Duration.class).orElse(d.pingInterval()),
                node.get("max-sockets-per-user").asInt().orElse(d.maxSocketsPerUser()),
                node.get("max-sockets").asInt().orElse(d.maxSockets()));
    }
}
