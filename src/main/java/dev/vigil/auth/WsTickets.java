package dev.vigil.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived single-use WebSocket tickets: browsers cannot set headers on a WebSocket, and a
 * long-lived secret must not travel in a URL (logs, history). Kept in memory: a restart only
 * means asking for a new ticket.
 */
public final class WsTickets {
    private record Ticket(Caller caller, long expiresNanos) {
    }

    private final Duration ttl;
    private final ConcurrentHashMap<String, Ticket> tickets = new ConcurrentHashMap<>();

    public WsTickets(Duration ttl) {
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(Caller caller) {
        long now = System.nanoTime();
        tickets.values().removeIf(t -> t.expiresNanos() - now <= 0);
        String ticket = Secrets.randomToken();
        tickets.put(Secrets.sha256(ticket), new Ticket(new Caller(caller.userId(), caller.roles(), "ticket"),
                now + ttl.toNanos()));
        return ticket;
    }

    /** Forgets every unredeemed ticket of a user (the user was deleted). */
    public void revokeUser(String userId) {
        tickets.values().removeIf(t -> userId.equals(t.caller().userId()));
    }

    /** The ticket's caller if it is valid, leaving it valid (for a check before the real redeem). */
    public Optional<Caller> peek(String ticket) {
        Ticket found = tickets.get(Secrets.sha256(ticket));
        if (found == null || found.expiresNanos() - System.nanoTime() <= 0) {
            return Optional.empty();
        }
        return Optional.of(found.caller());
    }

    /** The ticket's caller, once: the ticket is gone afterwards, whether valid or expired. */
    public Optional<Caller> redeem(String ticket) {
        Ticket found = tickets.remove(Secrets.sha256(ticket));
        if (found == null || found.expiresNanos() - System.nanoTime() <= 0) {
            return Optional.empty();
        }
        return Optional.of(found.caller());
    }
}
