package dev.vigil.media;

/** The offer cannot be used; the message says why, in words fit for the client. */
public final class InvalidOfferException extends Exception {
    public InvalidOfferException(String message) {
        super(message);
    }
}
