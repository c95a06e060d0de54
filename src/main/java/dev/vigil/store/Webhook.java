package dev.vigil.store;

import java.time.Instant;
import java.util.List;

/**
 * A user's webhook and how its deliveries went.
 *
 * @param secret       the HMAC key for X-Vigil-Signature, or null for unsigned posts
 * @param behaviours   only alerts with one of these behaviours are posted; empty = all
 * @param active       false once the receiver answered 410 Gone (nothing more is posted)
 * @param lastSuccess  when a post last got a 2xx, or null
 * @param lastErrorAt  when a post last failed, or null
 * @param lastError    what went wrong then, or null
 * @param failures     failed attempts (retries included) since the hook was made
 */
public record Webhook(long id, String userId, String url, String secret, List<String> behaviours, Instant createdAt,
                      boolean active, Instant lastSuccess, Instant lastErrorAt, String lastError, long failures) {
    public Webhook {
        behaviours = List.copyOf(behaviours);
    }
}
