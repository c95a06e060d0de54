package dev.vigil.auth;

import java.time.Duration;
import java.util.List;

import io.helidon.config.Config;

/**
 * vigil.auth: who may call Vigil.
 *
 * @param mode                   none, local or jwt
 * @param sessionTtl             lifetime of a login session (cookie and bearer token) in mode local
 * @param ticketTtl              lifetime of a single-use WebSocket ticket
 * @param loginMaxPerIp          login attempts per client address per loginWindow
 * @param loginMaxPerUsername    login attempts per username per loginWindow
 * @param loginWindow            the sliding window of both login limits
 * @param adminPassword          the first admin's password (else a random one is logged once)
 * @param jwksFile               mode jwt: a JWKS file ...
 * @param jwksUrl                ... or URL of the identity provider's keys
 * @param issuer                 mode jwt: required "iss"
 * @param audience               mode jwt: required in "aud"
 * @param userClaim              mode jwt: claim holding the user id
 * @param rolesClaim             mode jwt: claim holding the roles (array or space-separated string)
 * @param clockSkew              mode jwt: tolerance on exp/nbf
 * @param turnSecret             coturn's static-auth-secret: /api/config then hands out per-user credentials
 * @param turnUrls               the TURN server URLs those credentials are for
 * @param turnTtl                lifetime of such credentials
 * @param jwksFetch              mode jwt with jwksUrl: how the keys are fetched and cached
 */
public record AuthConfig(AuthMode mode, Duration sessionTtl, Duration ticketTtl, int loginMaxPerIp,
                         int loginMaxPerUsername, Duration loginWindow, String adminPassword, String jwksFile,
                         String jwksUrl, String issuer, String audience, String userClaim, String rolesClaim,
                         Duration clockSkew, String turnSecret, List<String> turnUrls, Duration turnTtl,
                         JwksFetch jwksFetch) {

    /**
     * vigil.auth.jwt.jwks-*: fetching the identity provider's JWKS (Nimbus' remote JWK set).
     *
     * @param cacheTtl       how long a fetched JWKS is used before it is fetched again (refreshed
     *                       ahead of expiry in the background, so requests do not wait for it)
     * @param minRefetch     a token with a key id not in the cached JWKS (the provider rotated
     *                       keys) fetches at once, but at most once per this interval, so forged
     *                       key ids cannot make Vigil hammer the provider; zero: no limit
     * @param connectTimeout connecting to the JWKS URL
     * @param readTimeout    reading its answer
     */
    public record JwksFetch(Duration cacheTtl, Duration minRefetch, Duration connectTimeout, Duration readTimeout) {
        public static JwksFetch defaults() {
            return new JwksFetch(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(2));
        }

        static JwksFetch from(Config jwt) {
            JwksFetch d = defaults();
            return new JwksFetch(jwt.get("jwks-cache-ttl").as(Duration.class).orElse(d.cacheTtl()),
                    jwt.get("jwks-min-refetch-interval").as(Duration.class).orElse(d.minRefetch()),
                    jwt.get("jwks-connect-timeout").as(Duration.class).orElse(d.connectTimeout()),
                    jwt.get("jwks-read-timeout").as(Duration.class).orElse(d.readTimeout()));
        }
    }

    public static AuthConfig defaults() {
        return new AuthConfig(AuthMode.NONE, Duration.ofHours(12), Duration.ofSeconds(30), 20, 5,
                Duration.ofMinutes(1), "", "", "", "", "", "sub", "roles", Duration.ofSeconds(30), "", List.of(),
                Duration.ofHours(1), JwksFetch.defaults());
    }

    public static AuthConfig from(Config node) {
        AuthConfig d = defaults();
        Config jwt = node.get("jwt");
        Config turn = node.get("turn");
        return new AuthConfig(
                AuthMode.parse(node.get("mode").asString().orElse("none")),
                node.get("session-ttl").as(Duration.class).orElse(d.sessionTtl()),
                node.get("ticket-ttl").as(Duration.class).orElse(d.ticketTtl()),
                node.get("login.max-per-ip").asInt().orElse(d.loginMaxPerIp()),
                node.get("login.max-per-username").asInt().orElse(d.loginMaxPerUsername()),
                node.get("login.window").as(Duration.class).orElse(d.loginWindow()),
                node.get("admin-password").asString().orElse(d.adminPassword()),
                jwt.get("jwks-file").asString().orElse(""),
                jwt.get("jwks-url").asString().orElse(""),
                jwt.get("issuer").asString().orElse(""),
                jwt.get("audience").asString().orElse(""),
                jwt.get("user-claim").asString().orElse(d.userClaim()),
                jwt.get("roles-claim").asString().orElse(d.rolesClaim()),
                jwt.get("clock-skew").as(Duration.class).orElse(d.clockSkew()),
                turn.get("secret").asString().orElse(""),
                turn.get("urls").asList(String.class).orElse(List.of()),
                turn.get("ttl").as(Duration.class).orElse(d.turnTtl()),
                JwksFetch.from(jwt));
    }

    public boolean enabled() {
        return mode != AuthMode.NONE;
    }
}
