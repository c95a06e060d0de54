package dev.vigil.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.vigil.delivery.CursorStore;

/**
 * What the delivery channels keep (their cursors, the webhooks, the Web Push subscriptions) and
 * how they read the alert log: in id order after a cursor, without the images.
 */
public interface DeliveryStore extends CursorStore {

    /** Up to limit of the user's alerts with ids above afterId, oldest first, without snapshots. */
    List<AlertRecord> alertsAfter(String userId, long afterId, int limit);

    long countAlertsAfter(String userId, long afterId);

    /** Every user the alert log has numbered alerts for. */
    List<String> alertUsers();

    Webhook addWebhook(String userId, String url, String secret, List<String> behaviours);

    List<Webhook> webhooks(String userId);

    List<Webhook> activeWebhooks();

    Optional<Webhook> webhook(long id);

    boolean deleteWebhook(String userId, long id);

    void webhookSucceeded(long id, Instant at);

    void webhookFailed(long id, Instant at, String error);

    /** The receiver said 410 Gone: keep the hook and its status, post nothing more. */
    void deactivateWebhook(long id, Instant at, String reason);

    /** Adds a subscription, or renews the keys of the one with that endpoint. */
    PushSubscription addPushSubscription(String userId, String endpoint, String p256dh, String auth);

    List<PushSubscription> pushSubscriptions();

    Optional<PushSubscription> pushSubscription(String userId, String endpoint);

    boolean deletePushSubscription(long id);
}
