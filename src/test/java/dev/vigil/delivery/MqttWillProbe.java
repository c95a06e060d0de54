package dev.vigil.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * A process that only holds Vigil's MQTT connection, so a test can kill it the hard way and see
 * the broker publish the last will. Prints "connected" once the broker accepted it.
 *
 * <pre>MqttWillProbe tcp://127.0.0.1:PORT</pre>
 */
public final class MqttWillProbe {
    public static void main(String[] args) throws Exception {
        MqttChannel channel = new MqttChannel(new MqttConfig(args[0], "", "", "vigil-will-probe", "vigil", 1,
                Duration.ofSeconds(30), false, "homeassistant", Duration.ofSeconds(5)), (user, id) -> Optional.empty());
        while (!channel.connected()) {
            Thread.sleep(20);
        }
        System.out.println("connected");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
    }
}
