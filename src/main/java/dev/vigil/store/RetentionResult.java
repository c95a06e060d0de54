package dev.vigil.store;

/**
 * What one retention pass removed.
 *
 * @param alertsDeleted     alerts older than the retention age, deleted with their snapshots
 * @param snapshotsDropped  snapshots dropped (their alerts kept) to get under the snapshot budget
 * @param snapshotBytesLeft total snapshot bytes after the pass
 */
public record RetentionResult(long alertsDeleted, long snapshotsDropped, long snapshotBytesFreed, long snapshotBytesLeft) {
}
