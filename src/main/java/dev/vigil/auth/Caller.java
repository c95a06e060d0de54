package dev.vigil.auth;

import java.util.Set;

/**
 * Who sent a request, as established by {@link Authenticator}.
 *
 * @param userId the caller's user id (null for nobody)
 * @param roles  e.g. "admin"
 * @param via    how the caller was authenticated: none (auth off), anonymous, session, bearer,
 *               api_key, jwt, ticket
 */
public record Caller(String userId, Set<String> roles, String via) {
    public static final String ADMIN = "admin";
    /** Auth mode none: everybody may do everything, as before access control existed. */
    public static final Caller UNCHECKED = new Caller(null, Set.of(), "none");
    public static final Caller NOBODY = new Caller(null, Set.of(), "anonymous");

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean authenticated() {
        return userId != null;
    }

    public boolean admin() {
        return roles.contains(ADMIN);
    }
}
