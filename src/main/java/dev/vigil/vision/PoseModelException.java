package dev.vigil.vision;

/** The pose model could not be loaded or run; the message says which file or input and why. */
public final class PoseModelException extends RuntimeException {
    public PoseModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
