package dev.vigil.auth;

/** How callers prove who they are (vigil.auth.mode). */
public enum AuthMode {
    /** Nobody is asked: the guide's contract as it is, for a trusted network or loopback. */
    NONE,
    /** Users with Argon2id-hashed passwords in the store, sessions, API keys. */
    LOCAL,
    /** Bearer JWTs from an external identity provider, verified against its JWKS. */
    JWT;

    public static AuthMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vigil.auth.mode must be none, local or jwt, got \"" + text + "\"");
        }
    }
}
