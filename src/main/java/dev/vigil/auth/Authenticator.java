package dev.vigil.auth;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * Establishes the {@link Caller} of a request from what it carries: a WebSocket ticket (query),
 * an "Authorization: Bearer" session token, API key or JWT, or the session cookie. A credential
 * that does not verify makes the caller nobody (401 wherever a caller is needed), never an error
 * that tells why.
 */
public final class Authenticator {
    public static final String SESSION_COOKIE = "vigil_session";

    private final AuthMode mode;
    private final LocalAccounts accounts;
    private final JwtVerifier jwt;
    private final WsTickets tickets;

    public Authenticator(AuthMode mode, LocalAccounts accounts, JwtVerifier jwt, WsTickets tickets) {
        this.mode = mode;
        this.accounts = accounts;
        this.jwt = jwt;
        this.tickets = tickets;
    }

    public AuthMode mode() {
        return mode;
    }

    public Caller authenticate(Headers headers, Optional<String> ticket) {
        return authenticate(headers, ticket, true);
    }

    /** As {@link #authenticate}, but a ticket is only checked, not redeemed (a pre-check). */
    public Caller peek(Headers headers, Optional<String> ticket) {
        return authenticate(headers, ticket, false);
    }

    private Caller authenticate(Headers headers, Optional<String> ticket, boolean redeem) {
        if (mode == AuthMode.NONE) {
            return Caller.UNCHECKED;
        }
        if (ticket.isPresent()) {
            return (redeem ? tickets.redeem(ticket.get()) : tickets.peek(ticket.get())).orElse(Caller.NOBODY);
        }
        Optional<String> bearer = bearer(headers);
        if (bearer.isPresent()) {
            String token = bearer.get();
            Optional<Caller> caller = switch (mode) {
                case JWT -> jwt.verify(token);
                case LOCAL -> token.startsWith(LocalAccounts.KEY_PREFIX)
                        ? accounts.apiKey(token) : accounts.session(token, "bearer");
                case NONE -> Optional.empty();
            };
            return caller.orElse(Caller.NOBODY);
        }
        if (mode == AuthMode.LOCAL) {
            Optional<String> session = sessionCookie(headers);
            if (session.isPresent()) {
                return accounts.session(session.get(), "session").orElse(Caller.NOBODY);
            }
        }
        return Caller.NOBODY;
    }

    public static Optional<String> bearer(Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim())
                .filter(v -> !v.isEmpty());
    }

    public static Optional<String> sessionCookie(Headers headers) {
        if (!headers.contains(HeaderNames.COOKIE)) {
            return Optional.empty();
        }
        for (String header : headers.get(HeaderNames.COOKIE).allValues()) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(SESSION_COOKIE + "=")) {
                    String value = trimmed.substring(SESSION_COOKIE.length() + 1);
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
