package dev.vigil.delivery;

import java.util.OptionalLong;

/** Where each dispatcher keeps the id of the last alert it is done with. */
public interface CursorStore {
    OptionalLong cursor(String name);

    void saveCursor(String name, long alertId);

    void deleteCursor(String name);
}
