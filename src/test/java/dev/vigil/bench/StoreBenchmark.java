package dev.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.vigil.AlertClient;
import dev.vigil.PostgresServer;
import dev.vigil.TestAlerts;
import dev.vigil.TestServer;
import dev.vigil.store.AlertStore;
import dev.vigil.store.Database;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.store.NewAlert;
import dev.vigil.store.StoreConfig;

/**
 * Figures of the alert store, printed (not asserted): cost of storing one alert with its
 * snapshot (p50/p95, SQLite and PostgreSQL), bytes per 1,000 stored alerts, and the time to
 * replay N stored alerts to a socket.
 *   tools/bench-store.sh [ALERTS (default 1000)] [REPLAY (default 10000)] [JPEG_BYTES (default ~50000)]
 */
public final class StoreBenchmark {
    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int replay = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        byte[] jpeg = snapshotOf(args.length > 2 ? Integer.parseInt(args[2]) : 50_000);
        String message = "{\"type\":\"anomaly_detected\",\"user_id\":\"bench\",\"stream_id\":\"s\",\"result\":{\"person_id\":1,"
                + "\"frame_number\":1,\"score\":-0.8,\"is_abnormal\":true,\"classification\":\"Abnormal\",\"confidence\":\"High\","
                + "\"bbox\":{\"x\":1,\"y\":2,\"w\":3,\"h\":4}},\"frame_format\":\"jpeg\",\"behaviours\":[\"fall\"],"
                + "\"timestamp\":1,\"frame_width\":640,\"frame_height\":480,\"camera\":\"gym\"}";
        System.out.printf("snapshot %d bytes, %d alerts per backend%n%n", jpeg.length, alerts);
        System.out.println("| backend | store one alert p50 ms | p95 ms | bytes per 1,000 alerts |");
        System.out.println("|---|---|---|---|");
        Path folder = Files.createTempDirectory("vigil-bench-store-");
        StoreConfig sqlite = StoreConfig.defaults().withPath(folder);
        row("sqlite", sqlite, alerts, jpeg, message, () -> sqliteBytes(folder));
        try (PostgresServer postgres = PostgresServer.startNew()) {
            StoreConfig pg = StoreConfig.defaults().withPostgres(postgres.newDatabase(), PostgresServer.USER, "");
            row("postgresql", pg, alerts, jpeg, message, () -> postgresBytes(pg));
        }
        replay(replay, jpeg);
    }

    private interface Bytes {
        long get() throws Exception;
    }

    private static void row(String name, StoreConfig config, int alerts, byte[] jpeg, String message, Bytes bytes)
            throws Exception {
        long[] nanos = new long[alerts];
        try (Database db = Database.open(config)) {
            AlertStore store = new JdbcAlertStore(db);
            for (int i = 0; i < 50; i++) { // warm-up
                store.append(new NewAlert("warm", "s", "gym", List.of("fall"), Instant.now(), message, jpeg));
            }
            long before = bytes.get();
            for (int i = 0; i < alerts; i++) {
                long started = System.nanoTime();
                store.append(new NewAlert("bench", "s", "gym", List.of("fall"), Instant.now(), message, jpeg));
                nanos[i] = System.nanoTime() - started;
            }
            long after = bytes.get();
            Arrays.sort(nanos);
            System.out.printf("| %s | %.2f | %.2f | %d |%n", name, nanos[alerts / 2] / 1e6,
                    nanos[(int) Math.ceil(alerts * 0.95) - 1] / 1e6, (after - before) * 1000 / alerts);
        }
    }

    private static long sqliteBytes(Path folder) throws Exception {
        long total = 0;
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
        }
        return total;
    }

    private static long postgresBytes(StoreConfig config) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(config.url(), config.user(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Stores count alerts through a real server, then times a socket opened with since=0 receiving them all. */
    private static void replay(int count, byte[] jpeg) throws Exception {
        try (TestServer server = TestServer.onStore("sqlite", Map.of())) {
            AlertStore store = server.running().storage().store();
            String body = "{\"type\":\"anomaly_detected\",\"user_id\":\"replay\",\"stream_id\":\"s\",\"result\":{},"
                    + "\"frame_format\":\"jpeg\",\"behaviours\":[\"fall\"],\"timestamp\":1}";
            for (int i = 0; i < count; i++) {
                store.append(new NewAlert("replay", "s", "gym", List.of("fall"), Instant.now(), body, jpeg));
            }
            long started = System.nanoTime();
            try (AlertClient socket = new AlertClient(server.wsUrl("replay") + "?since=0")) {
                TestServer.await("the replay", Duration.ofMinutes(10),
                        () -> socket.messages("anomaly_detected").size() == count);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%nreplay of %d stored alerts (sqlite, %d-byte snapshots) to one socket: %.2f s (%.0f alerts/s)%n",
                    count, jpeg.length, seconds, count / seconds);
        }
    }

    /** A real JPEG near the given size (noise at a size that compresses to about it). */
    private static byte[] snapshotOf(int bytes) {
        int side = 64;
        byte[] jpeg = TestAlerts.jpeg(side, side * 3 / 4, 1);
        while (jpeg.length < bytes && side < 2048) {
            side = (int) (side * 1.15);
            jpeg = TestAlerts.jpeg(side, side * 3 / 4, 1);
        }
        return jpeg;
    }
}
