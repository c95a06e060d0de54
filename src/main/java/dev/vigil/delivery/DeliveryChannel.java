package dev.vigil.delivery;

/**
 * One way an alert leaves Vigil (Web Push, MQTT, a webhook). A channel delivers one alert to one
 * target and says how that went; the {@link Dispatcher} in front of it owns order, the cursor,
 * retries and the age limit, so a channel holds only what is particular to its protocol.
 */
public interface DeliveryChannel {

    /** What became of one delivery attempt that did not ask to be retried. */
    enum Outcome {
        /** The other side acknowledged the alert. */
        DELIVERED,
        /** The other side refused this alert for good (e.g. 400): counted as failed, the next one follows. */
        REJECTED,
        /** The target no longer exists (e.g. 410 Gone): counted as failed and the target is dropped. */
        GONE
    }

    /**
     * Delivers one alert, blocking until the other side answered.
     *
     * @throws RetryLaterException when the failure is passing (5xx, 429, timeout, broker away):
     *                             the dispatcher tries the same alert again after a backoff
     */
    Outcome deliver(DeliveryAlert alert) throws RetryLaterException, InterruptedException;
}
