package dev.vigil;

import java.nio.file.Path;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import dev.vigil.delivery.AlertFeed;
import dev.vigil.delivery.DeliveryConfig;
import dev.vigil.delivery.DeliveryService;
import dev.vigil.delivery.MqttChannel;
import dev.vigil.delivery.MqttConfig;
import dev.vigil.delivery.StoreAlertFeed;
import dev.vigil.delivery.VapidKeys;
import dev.vigil.delivery.WebPushConfig;
import dev.vigil.delivery.WebhookConfig;
import dev.vigil.store.AlertStore;
import dev.vigil.store.Database;
import dev.vigil.store.JdbcDeliveryStore;
import io.helidon.config.Config;

/** Wiring of the delivery channels (Web Push, MQTT, webhooks): configuration to a started service. */
final class DeliveryWiring {
    private DeliveryWiring() {
    }

    /** The delivery routes need the Web Push settings too. */
    record Delivery(DeliveryService service, WebPushConfig webPush) {
    }

    /** @param dataDir where the VAPID keys are kept (vigil.store.path) */
    static Delivery start(Config vigil, AlertStore alerts, Database database, Path dataDir) {
        DeliveryConfig config = DeliveryConfig.from(vigil.get("delivery"));
        WebPushConfig webPush = WebPushConfig.from(vigil.get("webpush"));
        MqttConfig mqtt = MqttConfig.from(vigil.get("mqtt"));
        JdbcDeliveryStore store = new JdbcDeliveryStore(database);
        AlertFeed feed = new StoreAlertFeed(alerts, store, config.publicUrl());
        VAPIDKeyPair vapid = webPush.enabled() ? VapidKeys.loadOrCreate(dataDir) : null;
        DeliveryService service = new DeliveryService(feed, store, config, WebhookConfig.from(vigil.get("webhooks")),
                webPush, vapid, mqtt.enabled() ? new MqttChannel(mqtt, feed::snapshot) : null).start();
        return new Delivery(service, webPush);
    }
}
