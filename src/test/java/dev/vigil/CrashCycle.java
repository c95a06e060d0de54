package dev.vigil;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.vigil.store.AlertStore;
import dev.vigil.store.Database;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.store.NewAlert;
import dev.vigil.store.StoreConfig;
import jakarta.json.JsonObject;

/**
 * One crash: start {@link CrashTarget} as its own process on a SQLite store, let a socket receive
 * alerts, kill the process with SIGKILL mid-stream, then reopen the store and check it.
 */
public final class CrashCycle {
    /**
     * @param received      alerts the socket had received when the process was killed
     * @param missing       of those, not in the store (or stored with another snapshot)
     * @param integrity     SQLite's integrity_check after reopening ("ok")
     * @param lastIdBefore  highest id stored when reopened
     * @param nextId        id the next alert got after reopening
     */
    public record Result(int received, int missing, String integrity, long lastIdBefore, long nextId, long maxReceived) {
        public boolean ok() {
            return missing == 0 && integrity.equals("ok") && nextId > maxReceived && nextId == lastIdBefore + 1;
        }
    }

    private CrashCycle() {
    }

    public static Result run(Path storePath, int killAfterAlerts) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), CrashTarget.class.getName(),
                String.valueOf(port), storePath.toString(), "40")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(storePath.resolve("crash-target.log").toFile()))
                .start();
        List<JsonObject> alerts;
        try {
            HttpClient http = HttpClient.newHttpClient();
            TestServer.await("the crash target to listen", Duration.ofSeconds(120), () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stats")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            http.close();
            try (AlertClient socket = new AlertClient("ws://127.0.0.1:" + port + "/ws/alerts/crash")) {
                TestServer.await(killAfterAlerts + " alerts", Duration.ofSeconds(120),
                        () -> socket.messages("anomaly_detected").size() >= killAfterAlerts);
                process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
                process.waitFor(30, TimeUnit.SECONDS);
                alerts = socket.messages("anomaly_detected");
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        try (Database db = Database.open(StoreConfig.defaults().withPath(storePath))) {
            AlertStore store = new JdbcAlertStore(db);
            int missing = 0;
            long maxReceived = 0;
            for (JsonObject alert : alerts) {
                long id = alert.getJsonNumber("alert_id").longValue();
                maxReceived = Math.max(maxReceived, id);
                byte[] sent = Base64.getDecoder().decode(alert.getString("annotated_frame"));
                if (store.find("crash", id).isEmpty()
                        || !store.snapshot("crash", id).map(s -> Arrays.equals(s, sent)).orElse(false)) {
                    missing++;
                }
            }
            String integrity;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                integrity = rs.getString(1);
            }
            long lastId = store.lastId("crash");
            long next = store.append(new NewAlert("crash", "stream-1", "gym", List.of("fall"), Instant.now(), "{}",
                    new byte[] {1, 2, 3})).alertId();
            return new Result(alerts.size(), missing, integrity, lastId, next, maxReceived);
        }
    }
}
