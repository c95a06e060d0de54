package dev.vigil.observe;

import java.util.ArrayList;
import java.util.List;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * What must hold before the server takes streams, as a list of named probes: each becomes one
 * readiness check of {@code /health/ready}, whose details name the probes that fail and why. A
 * capability that the server cannot work without adds its probe in the wiring (one line).
 */
public final class Readiness {
    /** One condition; returns null when it holds, otherwise what is wrong (shown in the details). */
    @FunctionalInterface
    public interface Probe {
        String problem();
    }

    private final List<HealthCheck> checks = new ArrayList<>();

    public Readiness add(String name, Probe probe) {
        checks.add(new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                String problem;
                try {
                    problem = probe.problem();
                } catch (RuntimeException e) {
                    problem = "check failed: " + e;
                }
                HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(problem == null);
                if (problem != null) {
                    response.detail("problem", problem);
                }
                return response.build();
            }
        });
        return this;
    }

    public List<HealthCheck> checks() {
        return List.copyOf(checks);
    }
}
