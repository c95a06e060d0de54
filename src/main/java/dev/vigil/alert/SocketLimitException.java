package dev.vigil.alert;

/** A socket refused because its user, or the server, holds as many as allowed. */
public final class SocketLimitException extends RuntimeException {
    private final boolean serverWide;

    public SocketLimitException(boolean serverWide, String message) {
        super(message);
        this.serverWide = serverWide;
    }

    public boolean serverWide() {
        return serverWide;
    }
}
