package dev.vigil.stream;

/** An offer that came while the server is shutting down. */
public final class ShuttingDownException extends Exception {
    public ShuttingDownException() {
        super("the server is shutting down; connect again to another server or after it restarted");
    }
}
