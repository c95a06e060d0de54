package dev.vigil;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The real server in a process of its own, raising alerts as fast as a busy installation would
 * (through the real store writer), for the crash tests that kill it with SIGKILL.
 *   java -cp ... dev.vigil.CrashTarget PORT STORE_PATH ALERTS_PER_SECOND
 */
public final class CrashTarget {
    private CrashTarget() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.builder()
                .sources(ConfigSources.create(Map.of(
                        "server.port", args[0],
                        "server.host", "127.0.0.1",
                        "vigil.store.path", args[1],
                        "vigil.analysis.enabled", "false",
                        "vigil.webrtc.local-addresses", "127.0.0.1")), ConfigSources.classpath("application.yaml"))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
        Main.Running running = Main.start(config);
        System.out.println("crash target listening on " + running.port());
        long intervalNanos = (long) (1e9 / Double.parseDouble(args[2]));
        byte[] jpeg = TestAlerts.jpeg(240, 180, System.nanoTime());
        for (long frame = 1; ; frame++) {
            TestAlerts.raise(running, "crash", "stream-1", "gym", "fall", frame, jpeg);
            java.util.concurrent.locks.LockSupport.parkNanos(intervalNanos);
        }
    }
}
