package dev.vigil.store;

/** The database failed (unreachable, disk full, ...); the store's callers decide what to do. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
