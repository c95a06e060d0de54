package dev.vigil.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import jakarta.json.Json;

/**
 * Publishes alerts to an MQTT broker, in the topics home-automation systems read (Frigate's
 * layout): {prefix}/available online/offline (retained, and the last will), {prefix}/events (the
 * event JSON), {prefix}/{camera}/{behaviour} ON, then OFF after off-delay (retained), and
 * {prefix}/{camera}/snapshot (the JPEG, retained). A delivery counts once the broker acknowledged
 * every message of the alert; while the broker is away the dispatcher keeps the alert and retries.
 */
public final class MqttChannel implements DeliveryChannel, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MqttChannel.class.getName());

    private final MqttConfig config;
    private final MqttQos qos;
    /** (user id, alert id) to the alert's JPEG. */
    private final BiFunction<String, Long, Optional<byte[]>> snapshots;
    private final Mqtt3AsyncClient client;
    private final ScheduledExecutorService offTimer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mqtt-off").daemon().factory());
    private final Map<String, ScheduledFuture<?>> offTasks = new ConcurrentHashMap<>();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    public MqttChannel(MqttConfig config, BiFunction<String, Long, Optional<byte[]>> snapshots) {
        this.config = config;
        this.qos = MqttQos.fromCode(config.qos());
        this.snapshots = snapshots;
        Mqtt3ClientBuilder builder = MqttClient.builder()
                .useMqttVersion3()
                .identifier(config.clientId())
                .serverHost(config.host())
                .serverPort(config.port())
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .willPublish().topic(topic("available")).payload(bytes("offline")).qos(qos).retain(true)
                .applyWillPublish()
                // Every (re)connection says so, so a broker that lost its retained state learns it again.
                .addConnectedListener(context -> {
                    announced.clear();
                    publish(topic("available"), bytes("online"), true);
                })
                .addDisconnectedListener(context -> LOG.fine(() -> "MQTT broker " + config.url()
                        + " disconnected: " + context.getCause().getMessage()));
        if (config.ssl()) {
            builder = builder.sslWithDefaultConfig();
        }
        if (!config.username().isEmpty()) {
            builder = builder.simpleAuth().username(config.username())
                    .password(bytes(config.password())).applySimpleAuth();
        }
        this.client = builder.buildAsync();
        client.connectWith().cleanSession(true).keepAlive(30).send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warning("MQTT broker " + config.url() + " not reachable yet (" + error.getMessage()
                        + "); retrying in the background");
            }
        });
    }

    @Override
    public Outcome deliver(DeliveryAlert alert) throws RetryLaterException, InterruptedException {
        if (!client.getState().isConnected()) {
            throw new RetryLaterException("MQTT broker not connected");
        }
        String camera = topicLevel(alert.camera() == null ? "unknown" : alert.camera());
        // One message at a time, each acknowledged before the next: the broker's acknowledgements
        // then never queue behind each other in TCP (Nagle against delayed ACKs costs 40 ms a pair),
        // and the events of one alert reach subscribers in this order.
        if (config.homeAssistantDiscovery()) {
            for (String behaviour : alert.behaviours()) {
                if (!announced.contains(camera + "/" + behaviour)) {
                    acknowledged(publish(discoveryTopic(camera, behaviour), discoveryConfig(camera, behaviour), true));
                    announced.add(camera + "/" + behaviour);
                }
            }
        }
        acknowledged(publish(topic("events"), bytes(alert.event().toString()), false));
        for (String behaviour : alert.behaviours()) {
            acknowledged(publish(topic(camera + "/" + topicLevel(behaviour)), bytes("ON"), true));
        }
        Optional<byte[]> jpeg = snapshots.apply(alert.userId(), alert.alertId());
        if (jpeg.isPresent()) {
            acknowledged(publish(topic(camera + "/snapshot"), jpeg.get(), true));
        }
        for (String behaviour : alert.behaviours()) {
            scheduleOff(camera + "/" + topicLevel(behaviour));
        }
        return Outcome.DELIVERED;
    }

    private void acknowledged(CompletableFuture<?> ack) throws RetryLaterException, InterruptedException {
        try {
            ack.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RetryLaterException("MQTT publish failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new RetryLaterException("MQTT broker did not acknowledge within " + config.publishTimeout());
        }
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    private void scheduleOff(String cameraBehaviour) {
        offTasks.compute(cameraBehaviour, (key, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            return offTimer.schedule(() -> {
                offTasks.remove(key);
                publish(topic(key), bytes("OFF"), true);
            }, config.offDelay().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private CompletableFuture<?> publish(String topic, byte[] payload, boolean retain) {
        return client.publishWith().topic(topic).payload(payload).qos(qos).retain(retain).send();
    }

    private String topic(String rest) {
        return config.topicPrefix() + "/" + rest;
    }

    private String discoveryTopic(String camera, String behaviour) {
        return config.discoveryPrefix() + "/binary_sensor/" + objectId(camera, behaviour) + "/config";
    }

    private String objectId(String camera, String behaviour) {
        return topicLevel(config.clientId()) + "_" + camera + "_" + topicLevel(behaviour);
    }

    /** Home Assistant's MQTT discovery: one binary_sensor per camera and behaviour. */
    private byte[] discoveryConfig(String camera, String behaviour) {
        return bytes(Json.createObjectBuilder()
                .add("name", camera + " " + behaviour.replace('_', ' '))
                .add("unique_id", objectId(camera, behaviour))
                .add("state_topic", topic(camera + "/" + topicLevel(behaviour)))
                .add("payload_on", "ON")
                .add("payload_off", "OFF")
                .add("availability_topic", topic("available"))
                .add("payload_available", "online")
                .add("payload_not_available", "offline")
                .add("device_class", "safety")
                .add("device", Json.createObjectBuilder()
                        .add("identifiers", Json.createArrayBuilder().add(topicLevel(config.clientId()) + "_" + camera))
                        .add("name", "Vigil " + camera)
                        .add("manufacturer", "Vigil"))
                .build().toString());
    }

    /** A name as one topic level: MQTT's separators and wildcards (/ + #) and spaces become "_". */
    static String topicLevel(String name) {
        String level = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        return level.isEmpty() ? "_" : level;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Says offline (a clean disconnect sends no last will) and disconnects. */
    @Override
    public void close() {
        offTimer.shutdownNow();
        try {
            if (client.getState().isConnected()) {
                publish(topic("available"), bytes("offline"), true).get(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "could not say offline", e);
        }
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "MQTT disconnect failed", e);
        }
    }
}
