package dev.vigil.api;

import java.util.Optional;

import dev.vigil.auth.AccessDenied;
import dev.vigil.auth.AccessPolicy;
import dev.vigil.auth.Authenticator;
import dev.vigil.auth.Caller;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;

/**
 * Every HTTP request: who is calling ({@link Authenticator}), may they ({@link AccessPolicy}).
 * The caller is left in the request context for handlers that act on it (login, offer).
 * A plain filter rather than helidon-security: its providers and per-route security config would
 * duplicate what the one policy table states, and the WebSocket upgrade (its ticket, its path
 * user) needs the same decision from plain code in the socket's upgrade hook anyway.
 */
public final class AuthFilter implements Filter {
    private final Authenticator authenticator;
    private final AccessPolicy policy;

    public AuthFilter(Authenticator authenticator, AccessPolicy policy) {
        this.authenticator = authenticator;
        this.policy = policy;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.path().path().startsWith(AlertSocket.PATH_PREFIX)) {
            // The socket's upgrade asks the same policy itself (AlertSocket.onHttpUpgrade), with the
            // single-use ticket, which must be redeemed exactly once.
            chain.proceed();
            return;
        }
        Caller caller = authenticator.authenticate(req.headers(), Optional.empty());
        try {
            policy.check(caller, req.prologue().method().text(), req.path().path());
        } catch (AccessDenied e) {
            res.status(Status.create(e.status()))
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .send(Json.createObjectBuilder().add("error", e.code()).add("message", e.getMessage()).build().toString());
            return;
        }
        req.context().register(caller);
        chain.proceed();
    }

    /** The caller the filter established. */
    static Caller caller(ServerRequest req) {
        return req.context().get(Caller.class).orElse(Caller.NOBODY);
    }
}
