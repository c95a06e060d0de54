package dev.vigil.stream;

/** Where a stream is in its life; shown in listings in lower case. */
public enum StreamState {
    /** Answered, no frame decoded yet. */
    CONNECTING,
    /** Frames are arriving. */
    LIVE,
    /** Being torn down; gone from listings a moment later. */
    CLOSING;

    public String wireName() {
        return name().toLowerCase();
    }
}
