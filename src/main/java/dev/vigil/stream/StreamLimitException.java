package dev.vigil.stream;

/** A stream cannot be opened because a limit is reached. */
public final class StreamLimitException extends Exception {
    private final boolean serverWide;

    public StreamLimitException(boolean serverWide, String message) {
        super(message);
        this.serverWide = serverWide;
    }

    /** True when the whole server is at capacity (503), false when one user is (429). */
    public boolean serverWide() {
        return serverWide;
    }
}
