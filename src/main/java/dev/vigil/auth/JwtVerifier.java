package dev.vigil.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Mode jwt: a bearer token is accepted when it is signed (RS/PS/ES/EdDSA families, never "none"
 * and never HMAC, which would need a shared secret) by a key of the identity provider's JWKS, has
 * the configured issuer and audience, and has not expired. Nimbus does the verification.
 */
public final class JwtVerifier {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String userClaim;
    private final String rolesClaim;

    public JwtVerifier(AuthConfig config) {
        if (config.issuer().isBlank() || config.audience().isBlank()) {
            throw new IllegalArgumentException("mode jwt needs vigil.auth.jwt.issuer and vigil.auth.jwt.audience");
        }
        JWKSource<SecurityContext> keys = keys(config);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // Mutable sets: Nimbus asks them contains(null), which Set.of answers with an NPE.
                new HashSet<>(Set.of(config.audience())),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                new HashSet<>(Set.of("exp", config.userClaim())), new HashSet<>());
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        this.userClaim = config.userClaim();
        this.rolesClaim = config.rolesClaim();
    }

    private static JWKSource<SecurityContext> keys(AuthConfig config) {
        if (!config.jwksFile().isBlank()) {
            try {
                return new ImmutableJWKSet<>(JWKSet.parse(Files.readString(Path.of(config.jwksFile()))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read vigil.auth.jwt.jwks-file " + config.jwksFile(), e);
            } catch (ParseException e) {
                throw new IllegalArgumentException("vigil.auth.jwt.jwks-file is not a JWKS: " + e.getMessage(), e);
            }
        }
        if (!config.jwksUrl().isBlank()) {
            try {
                AuthConfig.JwksFetch fetch = config.jwksFetch();
                DefaultResourceRetriever http = new DefaultResourceRetriever(millis(fetch.connectTimeout()),
                        millis(fetch.readTimeout()), JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
                // Nimbus' cache fetches again when a token names a key id it does not hold (a
                // rotation); a key the provider removed is then gone from Vigil too. The refresh
                // timeout is how long a request waits for another thread's fetch in progress.
                long refreshTimeout = fetch.connectTimeout().plus(fetch.readTimeout()).toMillis();
                JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(
                                URI.create(config.jwksUrl()).toURL(), http)
                        .cache(fetch.cacheTtl().toMillis(), refreshTimeout)
                        // Nimbus refreshes 30 s ahead of expiry; a shorter TTL just expires.
                        .refreshAheadCache(fetch.cacheTtl().toMillis()
                                > JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME + refreshTimeout);
                builder = fetch.minRefetch().isZero() ? builder.rateLimited(false)
                        : builder.rateLimited(fetch.minRefetch().toMillis());
                return builder.build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("vigil.auth.jwt.jwks-url " + config.jwksUrl()
                        + " or its jwks-* settings are not valid: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("mode jwt needs vigil.auth.jwt.jwks-file or vigil.auth.jwt.jwks-url");
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** The caller a token proves, or empty for any token that fails verification. */
    public Optional<Caller> verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Object user = claims.getClaim(userClaim);
            if (!(user instanceof String userId) || userId.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Caller(userId, roles(claims.getClaim(rolesClaim)), "jwt"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Set<String> roles(Object claim) {
        Set<String> roles = new HashSet<>();
        if (claim instanceof List<?> list) {
            list.forEach(r -> roles.add(String.valueOf(r)));
        } else if (claim instanceof String text) {
            for (String r : text.split("[ ,]+")) {
                if (!r.isBlank()) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }
}
