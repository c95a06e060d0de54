package dev.vigil.alert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.vigil.AlertClient;
import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The disk under the SQLite store fills up (a real 8 MB tmpfs, filled with a file): live alerts
 * keep going out, the fault shows in /api/stats and readiness, and when space is freed the store
 * recovers by itself and stores what waited. Needs root for the mount (CI runs as root).
 */
class DiskFullTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        mount = Files.createTempDirectory("vigil-full-disk");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()), "tmpfs mount refused here");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void liveAlertsGoOutWhileTheDiskIsFullAndTheStoreRecoversWhenSpaceIsFreed() throws Exception {
        try (TestServer server = new TestServer(Map.of("vigil.analysis.enabled", "false",
                "vigil.store.path", mount.toString(), "vigil.store.retry-interval", "PT0.3S"));
             AlertClient socket = new AlertClient(server.wsUrl("ann"))) {
            byte[] jpeg = TestAlerts.jpeg(320, 240, 4); // ~50 KB of noise
            TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", 1, jpeg);
            socket.await("alert 1, stored", DEADLINE, m -> m.getInt("alert_id", 0) == 1);

            Path filler = mount.resolve("filler");
            fill(filler);
            // SQLite may still fit a write into WAL space it had before the disk filled; the first
            // write that needs more space fails, and from then on alerts skip the store.
            int frame = 1;
            JsonObject unstored = null;
            while (unstored == null && frame < 12) {
                int next = ++frame;
                TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", next, jpeg);
                JsonObject sent = socket.await("alert " + next + " live", DEADLINE,
                        m -> m.getString("type").equals("anomaly_detected") && m.getJsonObject("result").getInt("frame_number") == next);
                if (!sent.containsKey("alert_id")) {
                    unstored = sent;
                }
            }
            assertTrue(unstored != null, "a store write failed on the full disk");
            assertArrayEquals(jpeg, Base64.getDecoder().decode(unstored.getString("annotated_frame")));
            int last = ++frame;
            TestAlerts.raise(server.running(), "ann", "s1", "gym", "fall", last, jpeg);
            JsonObject during = socket.await("alert " + last + " live during the fault", DEADLINE,
                    m -> m.getString("type").equals("anomaly_detected") && m.getJsonObject("result").getInt("frame_number") == last);
            assertFalse(during.containsKey("alert_id"), "the store is skipped while faulty");
            JsonObject store = server.getJson("/api/stats").getJsonObject("store");
            assertFalse(store.getBoolean("healthy"));
            assertEquals(2, store.getInt("alerts_waiting"));
            assertTrue(store.getString("last_error").toLowerCase().contains("full"), store.getString("last_error"));
            assertEquals(503, server.get("/health/ready").statusCode());

            Files.delete(filler);
            TestServer.await("the store healthy again", DEADLINE, () -> storeHealthy(server));
            assertEquals(0, server.getJson("/api/stats").getJsonObject("store").getInt("alerts_waiting"));
            List<Integer> frames = server.getJson("/api/users/ann/alerts?limit=500").getJsonArray("alerts")
                    .getValuesAs(JsonObject.class).stream()
                    .map(a -> a.getJsonObject("result").getInt("frame_number")).toList();
            assertEquals(java.util.stream.IntStream.iterate(last, f -> f >= 1, f -> f - 1).boxed().toList(), frames,
                    "every alert stored, what waited too, in order");
            assertEquals(200, server.get("/health/ready").statusCode());
        }
    }

    private static boolean storeHealthy(TestServer server) {
        try {
            return server.getJson("/api/stats").getJsonObject("store").getBoolean("healthy");
        } catch (Exception e) {
            return false;
        }
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full, as wanted.
        }
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
