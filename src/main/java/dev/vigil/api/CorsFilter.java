package dev.vigil.api;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Cross-origin access to /api/*: the seed's frontend may be served from another origin.
 * Allowed origins are configured ({@link AllowedOrigins}, shared with WebSocket upgrades); "*" allows any.
 */
public final class CorsFilter implements Filter {
    private static final HeaderName ALLOW_ORIGIN = HeaderNames.create("Access-Control-Allow-Origin");
    private static final HeaderName ALLOW_METHODS = HeaderNames.create("Access-Control-Allow-Methods");
    private static final HeaderName ALLOW_HEADERS = HeaderNames.create("Access-Control-Allow-Headers");
    private static final HeaderName MAX_AGE = HeaderNames.create("Access-Control-Max-Age");
    private static final HeaderName VARY = HeaderNames.create("Vary");

    private final AllowedOrigins allowedOrigins;

    public CorsFilter(AllowedOrigins allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        boolean api = req.path().path().startsWith("/api/");
        if (!api || origin == null || !allowedOrigins.allows(origin)) {
            chain.proceed();
            return;
        }
        res.header(ALLOW_ORIGIN, allowedOrigins.any() ? "*" : origin);
        res.header(VARY, "Origin");
        if (req.prologue().method() == Method.OPTIONS) {
            res.header(ALLOW_METHODS, "GET, POST, PUT, DELETE, OPTIONS");
            res.header(ALLOW_HEADERS, req.headers().first(HeaderNames.create("Access-Control-Request-Headers"))
                    .orElse("Content-Type"));
            res.header(MAX_AGE, "600");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        chain.proceed();
    }
}
