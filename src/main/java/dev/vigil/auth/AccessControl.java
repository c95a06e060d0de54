package dev.vigil.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;

import dev.vigil.store.CredentialStore;

/**
 * The auth capability's parts, built for the configured mode (wiring only).
 *
 * @param accounts null unless mode local
 */
public record AccessControl(AuthConfig config, Authenticator authenticator, AccessPolicy policy,
                            LocalAccounts accounts, WsTickets tickets, AttemptLimiter loginsPerIp,
                            AttemptLimiter loginsPerUsername) {
    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());

    public static AccessControl create(AuthConfig config, CredentialStore store, String listenHost) {
        LocalAccounts accounts = null;
        JwtVerifier jwt = null;
        switch (config.mode()) {
            case LOCAL -> {
                accounts = new LocalAccounts(store, config.sessionTtl());
                String password = config.adminPassword().isBlank()
                        ? System.getenv().getOrDefault("VIGIL_ADMIN_PASSWORD", "") : config.adminPassword();
                accounts.bootstrap(password);
            }
            case JWT -> jwt = new JwtVerifier(config);
            case NONE -> {
                if (!loopback(listenHost)) {
                    LOG.warning("auth: vigil.auth.mode is none and the server listens on " + listenHost
                            + ": anyone who can reach it can watch and steer every user's cameras. "
                            + "Set vigil.auth.mode to local or jwt, or server.host to 127.0.0.1.");
                }
            }
        }
        WsTickets tickets = new WsTickets(config.ticketTtl());
        return new AccessControl(config, new Authenticator(config.mode(), accounts, jwt, tickets),
                new AccessPolicy(config.mode()), accounts, tickets,
                new AttemptLimiter(config.loginMaxPerIp(), config.loginWindow()),
                new AttemptLimiter(config.loginMaxPerUsername(), config.loginWindow()));
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
