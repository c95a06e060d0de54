package dev.vigil.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import jakarta.json.Json;

/**
 * Delivery latency per channel on loopback: from the moment an alert is stored (and the
 * dispatchers woken) to the moment each receiver has it: a mosquitto subscriber on vigil/events,
 * a webhook receiver, a push service (whose messages are decrypted to know which alert arrived).
 * Lives beside the channel tests because it reuses their receivers.
 *
 * <pre>tools/bench-delivery.sh [ALERTS (default 300)] [SPACING_MS (default 20)]</pre>
 */
public final class DeliveryLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long spacingMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
        Path dir = Files.createTempDirectory("vigil-bench-delivery");
        Map<Long, Long> storedAt = new ConcurrentHashMap<>();
        List<Double> appendMs = new ArrayList<>();
        try (Mosquitto broker = new Mosquitto(dir).start();
             DeliveryDb db = new DeliveryDb(dir);
             HttpReceiver hook = new HttpReceiver(200);
             HttpReceiver pushService = new HttpReceiver(201);
             MqttWatcher watcher = new MqttWatcher(broker.port, "bench", false, "vigil/events")) {
            TestAlerts alerts = new TestAlerts(db);
            PushServiceReceiver browser = new PushServiceReceiver();
            VAPIDKeyPair vapid = VapidKeys.loadOrCreate(dir);
            MqttConfig mqtt = new MqttConfig(broker.url(), "", "", "vigil-bench", "vigil", 1, Duration.ofSeconds(30),
                    false, "homeassistant", Duration.ofSeconds(10));
            try (DeliveryService delivery = new DeliveryService(alerts.feed(), db.store,
                    new DeliveryConfig(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(5),
                            Duration.ofSeconds(5), 100, "", Duration.ofSeconds(1)),
                    new WebhookConfig(Duration.ofSeconds(10), true, 10),
                    new WebPushConfig(true, "mailto:bench@localhost", Duration.ofHours(1), Duration.ofSeconds(10), true),
                    vapid, new MqttChannel(mqtt, alerts.feed()::snapshot)).start()) {
                delivery.addWebhook("bench", hook.url("/hook"), "secret", List.of());
                delivery.addPushSubscription("bench", pushService.url("/push"), browser.p256dh(), browser.auth());
                MqttChannelTest.waitFor(() -> watcherReady(watcher), "MQTT connected");
                Thread.sleep(500);
                for (int i = 0; i < count; i++) {
                    long before = System.nanoTime();
                    DeliveryAlert alert = alerts.append("bench", "hall", List.of("fall"));
                    // "Stored" is when the store's transaction committed (it includes an fsync).
                    storedAt.put(alert.alertId(), System.nanoTime());
                    appendMs.add((System.nanoTime() - before) / 1e6);
                    delivery.alertStored("bench");
                    Thread.sleep(spacingMs);
                }
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while ((hook.requests.size() < count || pushService.requests.size() < count)
                        && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
                List<Double> mqttMs = new ArrayList<>();
                for (MqttWatcher.Message message : watcher.drain("vigil/events", Duration.ofSeconds(2))) {
                    long id = Json.createReader(new java.io.StringReader(message.text())).readObject()
                            .getJsonNumber("alert_id").longValue();
                    mqttMs.add((message.receivedAtNanos() - storedAt.get(id)) / 1e6);
                }
                List<Double> hookMs = new ArrayList<>();
                for (HttpReceiver.Request request : hook.requests) {
                    long id = Long.parseLong(request.header("X-Vigil-Alert-Id"));
                    hookMs.add((request.receivedAtNanos() - storedAt.get(id)) / 1e6);
                }
                List<Double> pushMs = new ArrayList<>();
                for (HttpReceiver.Request request : pushService.requests) {
                    long id = PushServiceReceiver.json(browser.decrypt(request.body())).getJsonNumber("alert_id").longValue();
                    pushMs.add((request.receivedAtNanos() - storedAt.get(id)) / 1e6);
                }
                String load = Files.readString(Path.of("/proc/loadavg")).trim();
                System.out.printf("delivery latency, alert stored -> received on loopback; %d alerts %d ms apart;"
                        + " load average %s%n", count, spacingMs, load);
                System.out.println("| channel | received | p50 ms | p95 ms | max ms |");
                System.out.println("|---|---|---|---|---|");
                row("webpush (encrypt + VAPID + HTTP)", pushMs, count);
                row("mqtt (vigil/events, QoS 1)", mqttMs, count);
                row("webhooks (signed POST)", hookMs, count);
                row("(the store's append itself, SQLite synchronous=FULL)", appendMs, count);
                delivery.figures().forEach(f -> System.out.println("stats " + f));
            }
        }
    }

    private static boolean watcherReady(MqttWatcher watcher) {
        return watcher.connected();
    }

    private static void row(String channel, List<Double> ms, int expected) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.printf("| %s | 0 / %d | - | - | - |%n", channel, expected);
            return;
        }
        System.out.printf("| %s | %d / %d | %.1f | %.1f | %.1f |%n", channel, sorted.length, expected,
                percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

}
