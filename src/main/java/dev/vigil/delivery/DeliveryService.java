package dev.vigil.delivery;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import dev.vigil.store.DeliveryStore;
import dev.vigil.store.PushSubscription;
import dev.vigil.store.Webhook;

/**
 * Runs one {@link Dispatcher} per delivery target and user: one per webhook, one per Web Push
 * subscription, and for the MQTT broker one per user with alerts (alert ids count per user), each
 * with its own cursor in the store. The alert path only calls {@link #alertStored(String)} (a
 * wake-up, never a wait); everything else happens on the dispatchers' own virtual threads.
 */
public final class DeliveryService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryService.class.getName());
    public static final String MQTT = "mqtt";
    public static final String WEBHOOKS = "webhooks";
    public static final String WEBPUSH = "webpush";

    private final AlertFeed feed;
    private final DeliveryStore store;
    private final DeliveryConfig config;
    private final WebhookConfig webhookConfig;
    private final WebPushConfig webPushConfig;
    private final VAPIDKeyPair vapid;
    private final MqttChannel mqtt;
    private final HttpClient http;
    private final TargetPolicy webhookPolicy;
    private final Map<String, ChannelStats> stats = new ConcurrentHashMap<>();
    private final Map<String, Dispatcher> dispatchers = new ConcurrentHashMap<>();

    /**
     * @param mqtt  the broker connection, or null without MQTT
     * @param vapid the server's VAPID keys, or null without Web Push
     */
    public DeliveryService(AlertFeed feed, DeliveryStore store, DeliveryConfig config, WebhookConfig webhookConfig,
                           WebPushConfig webPushConfig, VAPIDKeyPair vapid, MqttChannel mqtt) {
        this.feed = feed;
        this.store = store;
        this.config = config;
        this.webhookConfig = webhookConfig;
        this.webPushConfig = webPushConfig;
        this.vapid = vapid;
        this.mqtt = mqtt;
        // Never follow redirects: a redirect could lead a webhook past the target policy.
        this.http = HttpClient.newBuilder()
                .connectTimeout(webhookConfig.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.webhookPolicy = new TargetPolicy(webhookConfig.allowPrivate());
        stats.put(WEBPUSH, new ChannelStats(WEBPUSH));
        stats.put(MQTT, new ChannelStats(MQTT));
        stats.put(WEBHOOKS, new ChannelStats(WEBHOOKS));
    }

    /** Starts a dispatcher for every target the store knows. */
    public DeliveryService start() {
        if (mqtt != null) {
            // Users known now: a cursor they lack starts at their newest alert (MQTT just turned on).
            feed.users().forEach(user -> startMqtt(user, true));
        }
        store.activeWebhooks().forEach(this::startWebhook);
        if (vapid != null) {
            store.pushSubscriptions().forEach(this::startPush);
        }
        return this;
    }

    /** Called after the store wrote an alert of the user: their dispatchers look now, not at the next poll. */
    public void alertStored(String userId) {
        if (mqtt != null && !dispatchers.containsKey(mqttCursor(userId))) {
            // A user new since the start: from their first alert. Off the caller's thread (the
            // store's writer), since starting writes the cursor.
            Thread.ofVirtual().name("deliver-start-" + userId).start(() -> startMqtt(userId, false));
        }
        for (Dispatcher dispatcher : dispatchers.values()) {
            if (dispatcher.userId().equals(userId)) {
                dispatcher.wake();
            }
        }
    }

    public WebhookConfig webhookConfig() {
        return webhookConfig;
    }

    public TargetPolicy webhookPolicy() {
        return webhookPolicy;
    }

    public Optional<VAPIDKeyPair> vapid() {
        return Optional.ofNullable(vapid);
    }

    public List<Webhook> webhooks(String userId) {
        return store.webhooks(userId);
    }

    public List<PushSubscription> pushSubscriptions(String userId) {
        return store.pushSubscriptions().stream().filter(s -> s.userId().equals(userId)).toList();
    }

    public Webhook addWebhook(String userId, String url, String secret, List<String> behaviours) {
        Webhook hook = store.addWebhook(userId, url, secret, behaviours);
        startWebhook(hook);
        return hook;
    }

    public boolean deleteWebhook(String userId, long id) {
        boolean deleted = store.deleteWebhook(userId, id);
        if (deleted) {
            stopDispatcher(webhookCursor(id));
        }
        return deleted;
    }

    public PushSubscription addPushSubscription(String userId, String endpoint, String p256dh, String auth) {
        PushSubscription subscription = store.addPushSubscription(userId, endpoint, p256dh, auth);
        // Renewed keys: the running dispatcher holds the old ones.
        Dispatcher old = dispatchers.remove(pushCursor(subscription.id()));
        if (old != null) {
            stopAndWait(old); // it saves its cursor on the way out; the new one starts from there
        }
        startPush(subscription);
        return subscription;
    }

    public boolean deletePushSubscription(String userId, String endpoint) {
        Optional<PushSubscription> subscription = store.pushSubscription(userId, endpoint);
        subscription.ifPresent(s -> {
            store.deletePushSubscription(s.id());
            stopDispatcher(pushCursor(s.id()));
        });
        return subscription.isPresent();
    }

    /** Per channel, in a fixed order: webpush, mqtt, webhooks. */
    public List<ChannelStats.Figures> figures() {
        List<ChannelStats.Figures> figures = new ArrayList<>();
        for (String channel : List.of(WEBPUSH, MQTT, WEBHOOKS)) {
            figures.add(stats.get(channel).figures());
        }
        return figures;
    }

    public boolean mqttEnabled() {
        return mqtt != null;
    }

    private synchronized void startMqtt(String userId, boolean fromLatest) {
        if (!dispatchers.containsKey(mqttCursor(userId))) {
            startDispatcher(new Dispatcher(mqttCursor(userId), userId, mqtt, alert -> true, feed, store, config,
                    stats.get(MQTT), gone -> { }), fromLatest);
        }
    }

    private void startWebhook(Webhook hook) {
        WebhookChannel channel = new WebhookChannel(hook, http, webhookConfig.timeout(), webhookPolicy, store);
        startDispatcher(new Dispatcher(webhookCursor(hook.id()), hook.userId(), channel, channel::wants, feed, store,
                config, stats.get(WEBHOOKS), gone -> {
                    dispatchers.remove(gone.cursorName(), gone);
                    LOG.info("webhook " + hook.id() + " of " + hook.userId() + " answered 410 Gone; disabled");
                }), true);
    }

    private void startPush(PushSubscription subscription) {
        WebPushChannel channel = new WebPushChannel(subscription, vapid, webPushConfig, http);
        startDispatcher(new Dispatcher(pushCursor(subscription.id()), subscription.userId(), channel, alert -> true,
                feed, store, config, stats.get(WEBPUSH), gone -> {
                    dispatchers.remove(gone.cursorName(), gone);
                    store.deletePushSubscription(subscription.id());
                    store.deleteCursor(gone.cursorName());
                    LOG.info("push subscription " + subscription.id() + " of " + subscription.userId()
                            + " is gone at its push service; removed");
                }), true);
    }

    private void startDispatcher(Dispatcher dispatcher, boolean fromLatest) {
        dispatchers.put(dispatcher.cursorName(), dispatcher);
        dispatcher.start(fromLatest);
    }

    private void stopDispatcher(String cursorName) {
        Dispatcher dispatcher = dispatchers.remove(cursorName);
        if (dispatcher != null) {
            stopAndWait(dispatcher);
        }
        store.deleteCursor(cursorName);
    }

    private static void stopAndWait(Dispatcher dispatcher) {
        dispatcher.stop();
        try {
            dispatcher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String mqttCursor(String userId) {
        return "mqtt:" + userId;
    }

    static String webhookCursor(long id) {
        return "webhook:" + id;
    }

    static String pushCursor(long id) {
        return "webpush:" + id;
    }

    /** Stops every dispatcher (what is in hand stays after its cursor), then the broker connection. */
    @Override
    public void close() {
        List<Dispatcher> running = List.copyOf(dispatchers.values());
        dispatchers.clear();
        running.forEach(Dispatcher::stop);
        for (Dispatcher dispatcher : running) {
            try {
                dispatcher.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (mqtt != null) {
            mqtt.close();
        }
        http.close();
        LOG.fine(() -> "delivery stopped at " + Instant.now());
    }
}
