package dev.vigil.media;

/** The media engine could not do what was asked (not the client's fault). */
public final class MediaException extends Exception {
    public MediaException(String message) {
        super(message);
    }
}
