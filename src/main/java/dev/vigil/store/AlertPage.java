package dev.vigil.store;

import java.util.List;

/** One page of a listing, newest first; nextCursor is null on the last page. */
public record AlertPage(List<AlertRecord> alerts, AlertCursor nextCursor) {
    public AlertPage {
        alerts = List.copyOf(alerts);
    }
}
