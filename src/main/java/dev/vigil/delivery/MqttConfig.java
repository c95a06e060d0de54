package dev.vigil.delivery;

import java.net.URI;
import java.time.Duration;

import io.helidon.config.Config;

/**
 * vigil.mqtt.*: the broker and what is published to it. No url = no MQTT.
 *
 * @param url                    tcp://host:port or ssl://host:port
 * @param qos                    0, 1 or 2 for every message
 * @param offDelay               how long after its last alert a vigil/{camera}/{behaviour} topic goes OFF
 * @param homeAssistantDiscovery publish homeassistant/binary_sensor/... config messages
 * @param publishTimeout         how long to wait for the broker's acknowledgement before trying again
 */
public record MqttConfig(String url, String username, String password, String clientId, String topicPrefix,
                         int qos, Duration offDelay, boolean homeAssistantDiscovery, String discoveryPrefix,
                         Duration publishTimeout) {

    public static MqttConfig from(Config config) {
        MqttConfig mqtt = new MqttConfig(
                config.get("url").asString().orElse(""),
                config.get("username").asString().orElse(""),
                config.get("password").asString().orElse(""),
                config.get("client-id").asString().orElse("vigil"),
                config.get("topic-prefix").asString().orElse("vigil"),
                config.get("qos").asInt().orElse(1),
                config.get("off-delay").as(Duration.class).orElse(Duration.ofSeconds(30)),
                config.get("home-assistant-discovery").asBoolean().orElse(false),
                config.get("discovery-prefix").asString().orElse("homeassistant"),
                config.get("publish-timeout").as(Duration.class).orElse(Duration.ofSeconds(10)));
        if (mqtt.enabled()) {
            mqtt.uri();
        }
        if (mqtt.qos < 0 || mqtt.qos > 2) {
            throw new IllegalArgumentException("vigil.mqtt.qos must be 0, 1 or 2, not " + mqtt.qos);
        }
        return mqtt;
    }

    public boolean enabled() {
        return !url.isBlank();
    }

    boolean ssl() {
        return "ssl".equals(uri().getScheme());
    }

    String host() {
        return uri().getHost();
    }

    int port() {
        int port = uri().getPort();
        return port > 0 ? port : ssl() ? 8883 : 1883;
    }

    private URI uri() {
        URI uri = URI.create(url);
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("vigil.mqtt.url must be tcp://host:port or ssl://host:port, not " + url);
        }
        return uri;
    }
}
