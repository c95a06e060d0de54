package dev.vigil.api;

import java.util.Optional;

import dev.vigil.alert.AlertHub;
import dev.vigil.alert.Messages;
import dev.vigil.alert.SocketLimitException;
import dev.vigil.auth.AccessDenied;
import dev.vigil.auth.AccessPolicy;
import dev.vigil.auth.Authenticator;
import dev.vigil.auth.Caller;
import dev.vigil.stream.LiveStream;
import dev.vigil.stream.StreamRegistry;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

/**
 * One socket at /ws/alerts/{user_id}; a new instance per connection. With ?since={alert_id} the
 * socket first gets every stored alert of the user after that id ("replayed": true), then the
 * live ones; since=0 replays everything kept.
 */
public final class AlertSocket implements WsListener {
    public static final String PATH_PREFIX = "/ws/alerts/";
    /** WebSocket close code 1013 "Try Again Later" (RFC 6455 registry). */
    static final int TRY_AGAIN_LATER = 1013;
    /** WebSocket close code 1008 "Policy Violation": the socket's user no longer exists. */
    public static final int POLICY_VIOLATION = 1008;

    private final AlertHub hub;
    private final StreamRegistry registry;
    private final Authenticator authenticator;
    private final AccessPolicy policy;
    private String userId;
    /** Who opened the socket: ended with them when their user is deleted (null when auth is off). */
    private String callerId;
    private long since = -1;
    private AlertHub.Subscriber subscriber;

    public AlertSocket(AlertHub hub, StreamRegistry registry, Authenticator authenticator, AccessPolicy policy) {
        this.hub = hub;
        this.registry = registry;
        this.authenticator = authenticator;
        this.policy = policy;
    }

    /** What an upgrade asks for: the path's user and the replay point (-1: none). */
    private record Target(String userId, long since) {
    }

    /** Throws ApiException (400) for a path user or since that is not valid. */
    private static Target target(HttpPrologue prologue) {
        String path = prologue.uriPath().path();
        String userId = Requests.userId(path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "");
        long since = -1;
        if (prologue.query().contains("since")) {
            String value = prologue.query().get("since");
            try {
                since = Long.parseLong(value);
            } catch (NumberFormatException e) {
                since = -1;
            }
            if (since < 0) {
                throw ApiException.badRequest("invalid_since", "since must be an alert_id (0 or more), got \"" + value + "\"");
            }
        }
        return new Target(userId, since);
    }

    private static Optional<String> ticket(HttpPrologue prologue) {
        return prologue.query().contains("ticket") ? Optional.of(prologue.query().get("ticket")) : Optional.empty();
    }

    /**
     * The same decision as {@link #onHttpUpgrade}, made before it by the upgrader so that a
     * refusal carries its status and JSON body (Helidon answers a listener's refusal with a bare
     * 400). A ticket that passes is only looked at here; onHttpUpgrade redeems it and decides
     * for good.
     * Throws AccessDenied or ApiException; other paths than the alert socket's pass.
     */
    public static void precheck(Authenticator authenticator, AccessPolicy policy, HttpPrologue prologue, Headers headers) {
        String path = prologue.uriPath().path();
        if (!path.startsWith(PATH_PREFIX)) {
            return;
        }
        Optional<String> ticket = ticket(prologue);
        try {
            policy.check(authenticator.peek(headers, ticket), "GET", path);
            target(prologue);
        } catch (AccessDenied | ApiException e) {
            // A ticket is single use whatever the outcome: a refused try uses it up too, as it
            // would in onHttpUpgrade.
            ticket.ifPresent(t -> authenticator.authenticate(headers, ticket));
            throw e;
        }
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        String path = prologue.uriPath().path();
        // The socket asks the policy itself (AuthFilter leaves /ws/ to it): the session cookie, a
        // bearer header (scripts) or a single-use ticket, redeemed here exactly once.
        try {
            Caller caller = authenticator.authenticate(headers, ticket(prologue));
            policy.check(caller, "GET", path);
            callerId = caller.userId();
        } catch (AccessDenied e) {
            throw new WsUpgradeException(e.status() + " " + e.code() + ": " + e.getMessage());
        }
        try {
            Target target = target(prologue);
            userId = target.userId();
            since = target.since();
        } catch (ApiException e) {
            throw new WsUpgradeException(e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        try {
            subscriber = hub.subscribe(userId, callerId, session, Messages.connected(userId,
                    registry.streamsOf(userId).stream().map(LiveStream::streamId).toList()), since);
        } catch (SocketLimitException e) {
            // Refused after the upgrade so the client gets a reason it can show, not a bare HTTP error.
            String code = e.serverWide() ? "server_at_capacity" : "too_many_sockets";
            session.send(Messages.error(code, e.getMessage()), true);
            session.close(TRY_AGAIN_LATER, code);
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        release();
    }

    private void release() {
        if (subscriber != null) {
            hub.unsubscribe(subscriber);
            subscriber = null;
        }
    }
}
