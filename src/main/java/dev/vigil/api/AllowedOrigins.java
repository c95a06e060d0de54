package dev.vigil.api;

import java.util.List;
import java.util.Set;

/**
 * The browser origins allowed to use the API from a page served elsewhere ({@code vigil.api.cors-origins}):
 * one setting for both cross-origin HTTP (CORS) and WebSocket upgrades. {@code "*"} allows any origin.
 * Origins are compared exactly as browsers send them ({@code scheme://host[:port]}).
 */
public record AllowedOrigins(Set<String> origins) {
    public static final String ANY = "*";

    public AllowedOrigins {
        origins = Set.copyOf(origins);
    }

    public static AllowedOrigins of(List<String> origins) {
        return new AllowedOrigins(Set.copyOf(origins));
    }

    public boolean any() {
        return origins.contains(ANY);
    }

    public boolean allows(String origin) {
        return any() || origins.contains(origin);
    }
}
