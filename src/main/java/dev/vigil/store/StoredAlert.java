package dev.vigil.store;

/** A stored alert with its JPEG (null when retention has dropped it), for replay. */
public record StoredAlert(AlertRecord record, byte[] jpeg) {
}
