package dev.vigil.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.vigil.delivery.MqttWatcher.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MQTT channel against Debian's mosquitto, started here on a free loopback port. */
class MqttChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 9, 8, 7, 6, (byte) 0xff, (byte) 0xd9};

    @TempDir
    Path dir;
    private Mosquitto broker;
    private DeliveryDb db;
    private TestAlerts alerts;
    private DeliveryService delivery;

    @BeforeEach
    void start() throws Exception {
        broker = new Mosquitto(dir).start();
        db = new DeliveryDb(dir);
        alerts = new TestAlerts(db);
    }

    @AfterEach
    void stop() throws Exception {
        if (delivery != null) {
            delivery.close();
        }
        db.close();
        broker.close();
    }

    private DeliveryService startDelivery(boolean discovery) {
        MqttConfig config = new MqttConfig(broker.url(), "", "", "vigil-test", "vigil", 1,
                Duration.ofMillis(300), discovery, "homeassistant", Duration.ofSeconds(2));
        DeliveryConfig deliveryConfig = new DeliveryConfig(Duration.ofHours(1), Duration.ofMillis(100),
                Duration.ofMillis(500), Duration.ofSeconds(5), 100, "", Duration.ofSeconds(1));
        delivery = new DeliveryService(alerts.feed(), db.store, deliveryConfig,
                new WebhookConfig(Duration.ofSeconds(2), true, 10),
                new WebPushConfig(false, "mailto:test@localhost", Duration.ofHours(1), Duration.ofSeconds(2), true),
                null, new MqttChannel(config, alerts.feed()::snapshot)).start();
        return delivery;
    }

    @Test
    void publishesAvailabilityEventsStateSnapshotAndDiscovery() throws Exception {
        try (MqttWatcher watcher = new MqttWatcher(broker.port, "watcher", false, "vigil/#", "homeassistant/#")) {
            startDelivery(true);
            assertEquals("online", watcher.next("vigil/available", WAIT).text());

            DeliveryAlert alert = alerts.append("user123", "front door", List.of("fall"), Instant.now(), JPEG);
            delivery.alertStored("user123");

            JsonObject discovery = json(watcher.next("homeassistant/binary_sensor/vigil-test_front_door_fall/config", WAIT));
            assertEquals("vigil/front_door/fall", discovery.getString("state_topic"));
            assertEquals("vigil/available", discovery.getString("availability_topic"));
            JsonObject event = json(watcher.next("vigil/events", WAIT));
            assertEquals(alert.alertId(), event.getJsonNumber("alert_id").longValue());
            assertEquals(alert.snapshotUrl(), event.getString("snapshot_url"));
            assertEquals("anomaly_detected", event.getString("type"));
            assertEquals("front door", event.getString("camera"));
            assertEquals("fall", event.getJsonArray("behaviours").getString(0));
            assertEquals(1, event.getJsonObject("result").getInt("person_id"));
            assertFalse(event.containsKey("annotated_frame"), "the image goes to the snapshot topic, not events");
            assertEquals("ON", watcher.next("vigil/front_door/fall", WAIT).text());
            assertArrayEquals(JPEG, watcher.next("vigil/front_door/snapshot", WAIT).payload());
            assertEquals("OFF", watcher.next("vigil/front_door/fall", WAIT).text(), "OFF after off-delay");
        }
        // Retained: a system that subscribes later learns the state, the last snapshot and availability.
        try (MqttWatcher late = new MqttWatcher(broker.port, "late", false, "vigil/#")) {
            Message state = late.next("vigil/front_door/fall", WAIT);
            assertTrue(state.retained());
            assertEquals("OFF", state.text());
            assertArrayEquals(JPEG, late.next("vigil/front_door/snapshot", WAIT).payload());
        }
        try (MqttWatcher late = new MqttWatcher(broker.port, "late2", false, "vigil/available")) {
            assertEquals("online", late.next("vigil/available", WAIT).text());
        }
        delivery.close();
        delivery = null;
        try (MqttWatcher late = new MqttWatcher(broker.port, "late3", false, "vigil/available")) {
            Message available = late.next("vigil/available", WAIT);
            assertTrue(available.retained());
            assertEquals("offline", available.text(), "a clean stop says offline");
        }
    }

    @Test
    void aServerThatDiesIsReportedOfflineByTheLastWill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MqttWillProbe.class.getName(), broker.url()).redirectErrorStream(true).start();
        try (MqttWatcher watcher = new MqttWatcher(broker.port, "watcher", false, "vigil/available");
             var out = new java.io.BufferedReader(new java.io.InputStreamReader(probe.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("connected")) {
                // the probe's log lines
            }
            assertEquals("connected", line);
            assertEquals("online", watcher.next("vigil/available", WAIT).text());
            probe.destroyForcibly().waitFor();
            assertEquals("offline", watcher.next("vigil/available", WAIT).text(), "the broker sends the last will");
        } finally {
            probe.destroyForcibly();
        }
    }

    @Test
    void alertsRaisedWhileTheBrokerIsDownArriveInOrderOnceItIsBack() throws Exception {
        MqttWatcher watcher = new MqttWatcher(broker.port, "automation", true, "vigil/events");
        try {
            startDelivery(false);
            alerts.append("user123", "hall", List.of("running"));
            delivery.alertStored("user123");
            assertEquals(1, json(watcher.next("vigil/events", WAIT)).getInt("alert_id"));
            // Every message of alert 1 acknowledged and its cursor saved: it must not come again.
            waitFor(() -> figures().delivered() == 1 && figures().pending() == 0, "alert 1 done with");

            broker.stop();
            waitFor(() -> !watcher.connected(), "the watcher sees the broker gone");
            for (int i = 0; i < 5; i++) {
                alerts.append("user123", "hall", List.of("fall"));
                delivery.alertStored("user123");
            }
            waitFor(() -> figures().retried() > 0, "delivery retries while the broker is away");
            assertEquals(5, figures().pending(), "nothing is lost meanwhile: all five wait");
            assertTrue(figures().lagSeconds() > 0);

            broker.start();
            List<Long> ids = new java.util.ArrayList<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (ids.size() < 5 && Instant.now().isBefore(deadline)) {
                ids.add(json(watcher.next("vigil/events", WAIT)).getJsonNumber("alert_id").longValue());
            }
            // Anything more would be a duplicate: wait a little for one to show up.
            watcher.drain("vigil/events", Duration.ofMillis(1500))
                    .forEach(m -> ids.add(Json.createReader(new java.io.StringReader(m.text())).readObject()
                            .getJsonNumber("alert_id").longValue()));
            assertEquals(List.of(2L, 3L, 4L, 5L, 6L), ids, "in order, none lost, none twice");
            waitFor(() -> figures().pending() == 0 && figures().delivered() == 6, "all six delivered, none pending");
            assertEquals(0, figures().skippedTooOld());
        } finally {
            watcher.close();
        }
    }

    @Test
    void alertsOlderThanMaxAgeAreSkippedAndCounted() throws Exception {
        try (MqttWatcher watcher = new MqttWatcher(broker.port, "watcher", false, "vigil/events")) {
            startDelivery(false);
            alerts.append("user123", "hall", List.of("fall"), Instant.now().minus(Duration.ofHours(2)), null);
            alerts.append("user123", "hall", List.of("lying"));
            delivery.alertStored("user123");
            JsonObject event = json(watcher.next("vigil/events", WAIT));
            assertEquals(2, event.getInt("alert_id"), "the two-hour-old alert is not sent late");
            waitFor(() -> figures().skippedTooOld() == 1, "the old one counted as skipped");
            waitFor(() -> figures().delivered() == 1, "the new one counted as delivered");
        }
    }

    private ChannelStats.Figures figures() {
        return delivery.figures().stream().filter(f -> f.channel().equals("mqtt")).findFirst().orElseThrow();
    }

    private static JsonObject json(Message message) {
        return Json.createReader(new java.io.StringReader(message.text())).readObject();
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
