package dev.vigil.observe;

import io.helidon.health.HealthCheck;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * Helidon's observe feature at the root: Prometheus text at {@code /metrics} (Vigil's registry,
 * with Helidon's JVM and process meters) and {@code /health}, {@code /health/live},
 * {@code /health/ready} (Helidon's built-in liveness checks: deadlock, heap, disk space; Vigil's
 * readiness probes).
 */
public final class Observability {
    private Observability() {
    }

    public static ObserveFeature feature(Meters meters, Readiness readiness) {
        HealthObserverConfig.Builder health = HealthObserver.builder().details(true).useSystemServices(true);
        for (HealthCheck check : readiness.checks()) {
            health.addCheck(check);
        }
        return ObserveFeature.builder()
                .endpoint("/")
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.builder().meterRegistry(meters.registry()).build())
                .addObserver(health.build())
                .build();
    }
}
