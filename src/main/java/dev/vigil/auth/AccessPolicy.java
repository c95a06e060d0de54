package dev.vigil.auth;

import java.util.List;
import java.util.Map;

/**
 * The one place that decides whether a caller may call an endpoint. Every HTTP request passes
 * it in {@link dev.vigil.api.AuthFilter}, every WebSocket upgrade in AlertSocket; the offer, whose
 * user is in the body, asks {@link #checkUser}. A new endpoint is one line in {@link #RULES}
 * (and one row in the README's table and in AccessControlTest).
 */
public final class AccessPolicy {
    /** Who may call an endpoint. */
    public enum Who {
        /** Anybody, signed in or not (the page, login). */
        ANYONE,
        /** Any authenticated caller. */
        SIGNED_IN,
        /** The user named by the path's {user_id}, or an admin. */
        OWNER,
        /** Role admin only. */
        ADMIN
    }

    public record Rule(String method, String path, Who who) {
        boolean matches(String method, String[] segments) {
            if (!this.method.equals(method)) {
                return false;
            }
            String[] pattern = split(path);
            if (pattern.length != segments.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                if (!pattern[i].startsWith("{") && !pattern[i].equals(segments[i])) {
                    return false;
                }
            }
            return true;
        }

        String userId(String[] segments) {
            String[] pattern = split(path);
            for (int i = 0; i < pattern.length; i++) {
                if (pattern[i].equals("{user_id}")) {
                    return segments[i];
                }
            }
            return null;
        }
    }

    /** Every endpoint Vigil serves, with who may call it. Paths not listed: see {@link #fallback}. */
    public static final List<Rule> RULES = List.of(
            new Rule("POST", "/api/offer", Who.SIGNED_IN), // and the body's user_id: checkUser
            new Rule("GET", "/api/users/{user_id}/streams", Who.OWNER),
            new Rule("DELETE", "/api/users/{user_id}/streams/{stream_id}", Who.OWNER),
            new Rule("PUT", "/api/users/{user_id}/streams/{stream_id}/metadata", Who.OWNER),
            new Rule("DELETE", "/api/users/{user_id}", Who.OWNER),
            new Rule("GET", "/ws/alerts/{user_id}", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/alerts", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/alerts/summary", Who.OWNER),
            new Rule("POST", "/api/users/{user_id}/alerts/reviewed", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/alerts/{alert_id}", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/alerts/{alert_id}/snapshot", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/push-subscriptions", Who.OWNER),
            new Rule("POST", "/api/users/{user_id}/push-subscriptions", Who.OWNER),
            new Rule("DELETE", "/api/users/{user_id}/push-subscriptions", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/webhooks", Who.OWNER),
            new Rule("POST", "/api/users/{user_id}/webhooks", Who.OWNER),
            new Rule("DELETE", "/api/users/{user_id}/webhooks/{webhook_id}", Who.OWNER),
            new Rule("GET", "/api/webpush/public-key", Who.SIGNED_IN),
            new Rule("GET", "/api/config", Who.SIGNED_IN),
            new Rule("GET", "/api/stats", Who.ADMIN),
            new Rule("POST", "/api/auth/login", Who.ANYONE),
            new Rule("POST", "/api/auth/logout", Who.ANYONE),
            new Rule("GET", "/api/auth/me", Who.SIGNED_IN),
            new Rule("POST", "/api/auth/ws-ticket", Who.SIGNED_IN),
            new Rule("POST", "/api/users/{user_id}/api-keys", Who.OWNER),
            new Rule("GET", "/api/users/{user_id}/api-keys", Who.OWNER),
            new Rule("DELETE", "/api/users/{user_id}/api-keys/{key_id}", Who.OWNER),
            new Rule("POST", "/api/admin/users", Who.ADMIN),
            new Rule("GET", "/api/admin/users", Who.ADMIN),
            new Rule("DELETE", "/api/admin/users/{user_id}", Who.ADMIN));

    /** Unlisted paths: the API and sockets need a caller (then 404), the page's files are public. */
    private static final Map<String, Who> FALLBACK = Map.of("/api/", Who.SIGNED_IN, "/ws/", Who.SIGNED_IN);

    private final boolean enabled;

    public AccessPolicy(AuthMode mode) {
        this.enabled = mode != AuthMode.NONE;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Throws AccessDenied unless the caller may call method on path. */
    public void check(Caller caller, String method, String path) {
        if (!enabled) {
            return;
        }
        // CORS preflights carry no credentials; the CORS filter answers them.
        if (method.equals("OPTIONS")) {
            return;
        }
        String[] segments = split(path);
        for (Rule rule : RULES) {
            if (rule.matches(method, segments)) {
                decide(caller, rule.who(), rule.userId(segments));
                return;
            }
        }
        decide(caller, fallback(path), null);
    }

    /** For endpoints that name their user elsewhere than the path (the offer's body). */
    public void checkUser(Caller caller, String userId) {
        if (enabled) {
            decide(caller, Who.OWNER, userId);
        }
    }

    private static Who fallback(String path) {
        return FALLBACK.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(Who.ANYONE);
    }

    private static void decide(Caller caller, Who who, String userId) {
        if (who == Who.ANYONE) {
            return;
        }
        if (!caller.authenticated()) {
            throw AccessDenied.unauthenticated();
        }
        boolean allowed = switch (who) {
            case ANYONE, SIGNED_IN -> true;
            case OWNER -> caller.admin() || caller.userId().equals(userId);
            case ADMIN -> caller.admin();
        };
        if (!allowed) {
            throw AccessDenied.forbidden();
        }
    }

    private static String[] split(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1);
    }
}
