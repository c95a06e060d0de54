package dev.vigil.store;

/** The store failed (the database is unreachable, a statement failed). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
