package dev.vigil.store;

import java.time.Instant;

/**
 * Filters of a listing; null means "any".
 *
 * @param since   created at or after
 * @param until   created before
 * @param afterId alert ids above this
 * @param cursor  where the page starts (from the previous page)
 * @param limit   page size, 1..MAX_LIMIT
 */
public record AlertQuery(String streamId, String camera, String behaviour, Instant since, Instant until,
                         Long afterId, Boolean reviewed, AlertCursor cursor, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public AlertQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }

    public static AlertQuery all(int limit) {
        return new AlertQuery(null, null, null, null, null, null, null, null, limit);
    }

    public AlertQuery withCursor(AlertCursor next) {
        return new AlertQuery(streamId, camera, behaviour, since, until, afterId, reviewed, next, limit);
    }
}
