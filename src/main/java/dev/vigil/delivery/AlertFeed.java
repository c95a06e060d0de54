package dev.vigil.delivery;

import java.util.List;
import java.util.Optional;

/**
 * What delivery reads from the alert store. Alert ids count per user (the store's numbering), so
 * every cursor belongs to one user.
 */
public interface AlertFeed {

    /** Up to limit of the user's alerts with an id above afterId, lowest first. */
    List<DeliveryAlert> after(String userId, long afterId, int limit);

    /** The highest id the user's alerts have reached (0 for none): where a new target starts. */
    long latestId(String userId);

    /** How many of the user's alerts have an id above afterId. */
    long countAfter(String userId, long afterId);

    /** The annotated JPEG of an alert, if the store still has it. */
    Optional<byte[]> snapshot(String userId, long alertId);

    /** Every user with alerts in the store (channels that serve all users start one cursor each). */
    List<String> users();
}
