package dev.vigil.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable alert log. Every method is scoped to one user except retention. Failures of the
 * database surface as {@link StoreException}.
 */
public interface AlertStore {

    /**
     * Stores the alerts with their snapshots, in order, in one transaction (one commit: alerts
     * that arrive together cost one sync to disk, not one each), and gives each its user's next
     * id. All or none are stored.
     */
    List<AlertRecord> appendAll(List<NewAlert> alerts);

    /** One alert: {@link #appendAll} of one. */
    default AlertRecord append(NewAlert alert) {
        return appendAll(List.of(alert)).getFirst();
    }

    Optional<AlertRecord> find(String userId, long alertId);

    /** The JPEG, empty when the alert is unknown or retention dropped its snapshot. */
    Optional<byte[]> snapshot(String userId, long alertId);

    /** Newest first, filtered, one page. */
    AlertPage list(String userId, AlertQuery query);

    /** The user's alerts with ids above afterId, oldest first, at most limit, with snapshots (replay). */
    List<StoredAlert> after(String userId, long afterId, int limit);

    /** Marks the given alerts reviewed; returns how many changed. */
    int markReviewed(String userId, Collection<Long> alertIds);

    /** Marks every alert up to and including throughId reviewed; returns how many changed. */
    int markReviewedThrough(String userId, long throughId);

    UnreviewedSummary summary(String userId);

    /** The highest id given to the user so far (0 for none), also when that alert was deleted. */
    long lastId(String userId);

    /**
     * Deletes alerts created before olderThan, then drops snapshots, reviewed ones first and
     * oldest first within each, until their total is at most maxSnapshotBytes.
     */
    RetentionResult applyRetention(Instant olderThan, long maxSnapshotBytes);
}
