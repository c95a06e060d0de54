package dev.vigil.store;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.vigil.CrashCycle;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL the real server (its own process) while it stores and sends alerts, twice on the same
 * SQLite store: every alert a socket received is stored with the very snapshot it carried, the
 * store opens without repair, and ids continue above everything received.
 * tools/bench-crash.sh repeats this 20 times and prints the counts.
 */
class CrashSafetyTest {
    @Test
    void everyReceivedAlertSurvivesAKilledServer() throws Exception {
        Path store = Files.createTempDirectory("vigil-crash-");
        long previousNext = 0;
        for (int cycle = 0; cycle < 2; cycle++) {
            CrashCycle.Result result = CrashCycle.run(store, 30 + 17 * cycle);
            assertTrue(result.received() >= 30, "alerts were flowing: " + result);
            assertEquals(0, result.missing(), "every received alert is stored with its snapshot: " + result);
            assertEquals("ok", result.integrity());
            assertTrue(result.nextId() > result.maxReceived(), "ids continue above: " + result);
            assertEquals(result.lastIdBefore() + 1, result.nextId());
            assertTrue(result.maxReceived() > previousNext, "the second run continued the first's ids: " + result);
            previousNext = result.nextId();
        }
    }
}
