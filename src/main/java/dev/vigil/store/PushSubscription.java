package dev.vigil.store;

import java.time.Instant;

/**
 * A browser's Web Push subscription (the PushSubscription JSON of the Push API).
 *
 * @param p256dh the browser's ECDH public key, base64url
 * @param auth   the browser's authentication secret, base64url
 */
public record PushSubscription(long id, String userId, String endpoint, String p256dh, String auth,
                               Instant createdAt) {
}
