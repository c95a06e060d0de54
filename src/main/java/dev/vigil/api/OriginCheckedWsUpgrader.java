package dev.vigil.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import dev.vigil.auth.AccessDenied;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * WebSocket upgrades allowed from exactly the origins {@link AllowedOrigins} allows, so that a frontend
 * served from another origin (the guide's client on a dev server) receives alerts, and a page from
 * an origin not allowed is refused with 403 and a log line naming it. The server's own origin (the
 * page it serves itself) is always allowed, as CORS never restricts same-origin requests either.
 *
 * <p>Helidon's own upgrader checks the {@code Origin} header against its {@code origins} set, or,
 * when that set is empty, accepts only the server's own host; it has no "any origin". So this
 * upgrader decides first and then hands the upgrade to Helidon's with an {@code origins} set that
 * agrees with the decision: the configured list, or, for {@code "*"}, the one origin of this request.
 * Everything else (handshake, routing, the listener's own refusals) stays Helidon's.
 */
public final class OriginCheckedWsUpgrader implements Http1RoutedUpgrader {
    private static final Logger LOG = Logger.getLogger(OriginCheckedWsUpgrader.class.getName());

    private final AllowedOrigins allowed;
    private final WsConfig base;
    private final Http1RoutedUpgrader listed;
    private final Http1RoutedUpgrader own;
    private final UpgradeCheck check;

    /** Refuses an upgrade before the socket's listener sees it: AccessDenied or ApiException. */
    @FunctionalInterface
    public interface UpgradeCheck {
        void check(HttpPrologue prologue, Headers headers);
    }

    /**
     * @param allowed origins allowed to open sockets
     * @param base    the WebSocket protocol settings (frame length etc.); its origins are replaced
     * @param check   asked before an allowed upgrade goes on (see {@link AlertSocket#precheck})
     */
    public OriginCheckedWsUpgrader(AllowedOrigins allowed, WsConfig base, UpgradeCheck check) {
        this.allowed = allowed;
        this.check = check;
        this.base = base;
        this.listed = helidonUpgrader(allowed.origins());
        // No origins: Helidon's own check, the server's own host only.
        this.own = helidonUpgrader(Set.of());
    }

    @Override
    public String supportedProtocol() {
        return "websocket";
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue,
                                                      WritableHeaders<?> headers) {
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            // Not a browser (browsers always send Origin on WebSocket upgrades): no origin to check.
            precheck(prologue, headers);
            return listed.routedUpgrade(ctx, prologue, headers);
        }
        if (!allowed.allows(origin.get())) {
            if (sameOrigin(origin.get(), headers.first(HeaderNames.HOST).orElse(""))) {
                precheck(prologue, headers);
                return own.routedUpgrade(ctx, prologue, headers);
            }
            LOG.warning("refused WebSocket upgrade to " + prologue.uriPath().path() + " from origin "
                    + origin.get() + ": not in vigil.api.cors-origins " + allowed.origins());
            throw JsonDirectHandler.refusal(Status.FORBIDDEN_403, "forbidden",
                    "origin " + origin.get() + " is not allowed (vigil.api.cors-origins)");
        }
        precheck(prologue, headers);
        Http1RoutedUpgrader helidon = allowed.any() ? helidonUpgrader(Set.of(origin.get())) : listed;
        return helidon.routedUpgrade(ctx, prologue, headers);
    }

    /**
     * Helidon answers a listener's refusal (WsUpgradeException) with a bare 400; asking first
     * here lets a refusal carry its real status (401, 403, 400) and the API's JSON error.
     */
    private void precheck(HttpPrologue prologue, Headers headers) {
        try {
            check.check(prologue, headers);
        } catch (AccessDenied e) {
            throw JsonDirectHandler.refusal(Status.create(e.status()), e.code(), e.getMessage());
        } catch (ApiException e) {
            throw JsonDirectHandler.refusal(e.status(), e.code(), e.getMessage());
        }
    }

    @Override
    public io.helidon.webserver.spi.ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue,
                                                             WritableHeaders<?> headers) {
        // The HTTP/1 connection uses routedUpgrade for a Http1RoutedUpgrader; never called.
        throw new UnsupportedOperationException("WebSocket upgrades are routed");
    }

    /** Whether the origin names the host and port the request was sent to (its Host header). */
    static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null || host.isEmpty()) {
                return false;
            }
            int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            URI requested = new URI(uri.getScheme(), host, null, null, null);
            return uri.getHost().equalsIgnoreCase(requested.getHost())
                    && portOr(uri, defaultPort) == portOr(requested, defaultPort);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int portOr(URI uri, int defaultPort) {
        return uri.getPort() == -1 ? defaultPort : uri.getPort();
    }

    private Http1RoutedUpgrader helidonUpgrader(Set<String> origins) {
        // WsUpgrader.create answers Helidon's routed upgrader, the one the server uses by default.
        return (Http1RoutedUpgrader) WsUpgrader.create(WsConfig.builder().from(base).origins(origins).build());
    }
}
