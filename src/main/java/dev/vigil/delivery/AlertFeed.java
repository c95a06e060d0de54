package dev.vigil.delivery;

import java.util.List;
import java.util.Optional;

/** What delivery reads from the alert store: stored alerts in the order of their ids. */
public interface AlertFeed {

    /** Up to limit alerts with an id above afterId, lowest first. */
    List<DeliveryAlert> after(long afterId, int limit);

    /** The highest id stored so far (0 when none): where a new target starts. */
    long latestId();

    /** How many alerts above afterId there are, of one user or (userId null) of all. */
    long countAfter(long afterId, String userId);

    /** The annotated JPEG of an alert, if the store still has it. */
    Optional<byte[]> snapshot(long alertId);
}
