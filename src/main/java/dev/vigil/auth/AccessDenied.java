package dev.vigil.auth;

/**
 * A refusal by the {@link AccessPolicy}: status 401 (nobody, or a credential that does not
 * verify) or 403 (known caller, not allowed). The message never names or hints at another user.
 */
public final class AccessDenied extends RuntimeException {
    private final int status;
    private final String code;

    private AccessDenied(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static AccessDenied unauthenticated() {
        return new AccessDenied(401, "unauthenticated",
                "sign in first: a session cookie, a bearer token, an API key or a WebSocket ticket");
    }

    public static AccessDenied forbidden() {
        return new AccessDenied(403, "forbidden", "this caller may not do this");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
