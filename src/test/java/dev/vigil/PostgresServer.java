package dev.vigil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's postgresql package) for tests: initdb in a temp folder, a
 * free 127.0.0.1 port, its unix socket in the temp folder too, stopped and deleted at close (or
 * when the JVM ends). When running as root the server runs as the "postgres" user, as
 * PostgreSQL refuses to run as root. Missing binaries fail the test: they are a setup error
 * (tools/test.sh installs the package), never a reason to skip.
 *
 * <p>{@link #shared()} is one server for the whole test JVM; tests get their own empty database
 * from {@link #newDatabase()}. A test that stops and restarts the server opens its own.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "vigil";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;
    private boolean running;

    private PostgresServer() {
        this.bin = findBinaries();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        try {
            this.root = Files.createTempDirectory("vigil-pg-");
            this.data = root.resolve("data");
            this.port = freePort();
            if (asPostgresUser) {
                run(List.of("chown", "postgres:postgres", root.toString()), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-sync", "--locale=C"), true);
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** A new server of its own (for tests that stop and restart it). */
    public static PostgresServer startNew() {
        return new PostgresServer();
    }

    /** The server shared by every test of this JVM. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = new PostgresServer();
        }
        return shared;
    }

    private static Path findBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(base) ? Files.list(base) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new AssertionError("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin:"
                            + " install Debian's postgresql package (tools/test.sh does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server (again, after {@link #stop()}) on the same port and data. */
    public synchronized void start() {
        if (running) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1", "start"), true);
        running = true;
    }

    /** Stops the server at once (fast shutdown: open connections are cut). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-m", "fast", "stop"), true);
        running = false;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database on this server; returns its JDBC URL. */
    public String newDatabase() {
        String name = "vigil_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name + " failed", e);
        }
        return jdbcUrl(name);
    }

    private void run(List<String> command, boolean asServerUser) {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Path output = root.resolve("commands.log");
            long before = Files.exists(output) ? Files.size(output) : 0;
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            if (process.exitValue() != 0) {
                String printed = Files.readString(output).substring((int) before);
                Path serverLog = root.resolve("server.log");
                String log = Files.isRegularFile(serverLog) ? Files.readString(serverLog) : "";
                throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "): "
                        + printed + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            // still delete what we can
        }
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
