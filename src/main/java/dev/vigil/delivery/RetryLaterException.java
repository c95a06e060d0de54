package dev.vigil.delivery;

import java.time.Duration;

/** A delivery that failed for a passing reason; the same alert is tried again after a backoff. */
public final class RetryLaterException extends Exception {
    private final Duration retryAfter;

    public RetryLaterException(String message) {
        this(message, null);
    }

    /** @param retryAfter what the other side asked for (Retry-After), or null to use the backoff */
    public RetryLaterException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
