package dev.vigil.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

/**
 * A subscriber on the test's broker, like a home-automation system: a persistent session (clean
 * session off, QoS 1) so what is published while it is away is kept for it.
 */
final class MqttWatcher implements AutoCloseable {
    record Message(String topic, byte[] payload, boolean retained, long receivedAtNanos) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Mqtt3AsyncClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    MqttWatcher(int port, String clientId, boolean persistent, String... filters) throws Exception {
        client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        // Global: messages the broker kept for this session arrive before any subscribe call returns.
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> received.add(new Message(
                publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.isRetain(), System.nanoTime())));
        client.connectWith().cleanSession(!persistent).send().get(10, TimeUnit.SECONDS);
        for (String filter : filters) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        }
    }

    /** The next message on topic (others on the way are kept in order in the returned skipped list). */
    Message next(String topic, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no message on " + topic + " within " + within);
            }
            if (message.topic().equals(topic)) {
                return message;
            }
        }
    }

    /** Every message on topic until none came for quiet. */
    List<Message> drain(String topic, Duration quiet) throws InterruptedException {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            if (message.topic().equals(topic)) {
                messages.add(message);
            }
        }
        return messages;
    }

    boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() throws Exception {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException notConnected) {
            // it was between reconnects: disconnect() still stopped it
        }
    }
}
