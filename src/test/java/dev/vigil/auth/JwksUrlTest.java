package dev.vigil.auth;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.vigil.auth.AuthHttp.bearer;
import static dev.vigil.auth.AuthHttp.call;
import static dev.vigil.auth.AuthHttp.error;
import static dev.vigil.auth.JwtAccessTest.claims;
import static dev.vigil.auth.JwtAccessTest.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mode jwt with vigil.auth.jwt.jwks-url: the identity provider's JWKS served by a real HTTP
 * server on 127.0.0.1 (the JDK's), which the test changes as a provider rotating its keys would.
 * A fetched JWKS is cached; a token with a new key id fetches it again and is accepted, a token
 * whose key was removed is refused; with a short jwks-cache-ttl a removed key is refused even
 * without a new one showing up; a provider that is down refuses tokens with 401, never a 500.
 */
class JwksUrlTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static RSAKey oldKey;
    private static RSAKey newKey;

    @BeforeAll
    static void keys() throws Exception {
        oldKey = new RSAKeyGenerator(2048).keyID("2026-old").generate();
        newKey = new RSAKeyGenerator(2048).keyID("2026-new").generate();
    }

    /** A JWKS endpoint whose keys the test sets; counts the fetches. */
    static final class Provider implements AutoCloseable {
        private final HttpServer http;
        private final AtomicInteger fetches = new AtomicInteger();
        private volatile String jwks = new JWKSet().toString();

        Provider() throws Exception {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        void publish(RSAKey... keys) {
            jwks = new JWKSet(List.of(keys).stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/.well-known/jwks.json";
        }

        int fetches() {
            return fetches.get();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private static TestServer server(Provider provider, Map<String, String> jwksSettings) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "vigil.auth.mode", "jwt",
                "vigil.auth.jwt.jwks-url", provider.url(),
                "vigil.auth.jwt.issuer", JwtAccessTest.ISSUER,
                "vigil.auth.jwt.audience", JwtAccessTest.AUDIENCE,
                "vigil.auth.jwt.user-claim", "preferred_username",
                "vigil.analysis.enabled", "false"));
        settings.putAll(jwksSettings);
        return new TestServer(settings);
    }

    private static int me(TestServer server, RSAKey key) throws Exception {
        HttpResponse<String> response = call(server, "GET", "/api/auth/me", null, bearer(sign(key, claims("alice", 300).build())));
        if (response.statusCode() == 200) {
            assertEquals("alice", TestServer.json(response.body()).getString("user_id"));
        } else {
            assertEquals("unauthenticated", error(response).getString("error"), response.body());
        }
        return response.statusCode();
    }

    @Test
    void rotationFetchesTheNewKeyAndDropsTheRemovedOne() throws Exception {
        try (Provider provider = new Provider()) {
            provider.publish(oldKey);
            // No limit on re-fetches, so the test need not wait; the cache itself stays at its 5 min.
            try (TestServer server = server(provider, Map.of("vigil.auth.jwt.jwks-min-refetch-interval", "PT0S"))) {
                assertEquals(200, me(server, oldKey));
                assertEquals(200, me(server, oldKey));
                assertEquals(1, provider.fetches(), "the JWKS is cached, not fetched per request");
                assertEquals(401, me(server, newKey), "a key the provider has not published yet");

                // The provider rotates: the new key replaces the old one.
                provider.publish(newKey);
                int before = provider.fetches();
                assertEquals(200, me(server, newKey), "the new key id makes Vigil fetch the JWKS again");
                assertTrue(provider.fetches() > before);
                assertEquals(401, me(server, oldKey), "the removed key is gone from the fetched JWKS");
                assertEquals(401, AuthHttp.upgradeStatus(server.wsUrl("alice"), bearer(sign(oldKey, claims("alice", 300).build()))));
                assertEquals(101, AuthHttp.upgradeStatus(server.wsUrl("alice"), bearer(sign(newKey, claims("alice", 300).build()))));
            }
        }
    }

    @Test
    void unknownKeyIdsFetchAtMostOncePerInterval() throws Exception {
        try (Provider provider = new Provider()) {
            provider.publish(oldKey);
            // The default interval (30 s): forged key ids cannot make Vigil hammer the provider.
            try (TestServer server = server(provider, Map.of())) {
                assertEquals(200, me(server, oldKey));
                for (int i = 0; i < 10; i++) {
                    RSAKey forged = new RSAKeyGenerator(2048).keyID("forged-" + i).generate();
                    assertEquals(401, me(server, forged));
                }
                assertTrue(provider.fetches() <= 3, "fetches: " + provider.fetches());
                assertEquals(200, me(server, oldKey));
            }
        }
    }

    @Test
    void aShortCacheDropsARemovedKeyAndAProviderThatIsDownRefusesTokens() throws Exception {
        Provider provider = new Provider();
        provider.publish(oldKey, newKey);
        try (TestServer server = server(provider, Map.of("vigil.auth.jwt.jwks-cache-ttl", "PT1S",
                "vigil.auth.jwt.jwks-min-refetch-interval", "PT0S"))) {
            assertEquals(200, me(server, oldKey));
            provider.publish(newKey);
            // No token with a new key id: only the cache's expiry makes Vigil see the removal.
            TestServer.await("the old key refused once the cache expired", DEADLINE, () -> {
                try {
                    return me(server, oldKey) == 401;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(200, me(server, newKey));

            provider.close();
            TestServer.await("tokens refused while the provider is down", DEADLINE, () -> {
                try {
                    return me(server, newKey) == 401;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            HttpResponse<String> refused = call(server, "GET", "/api/users/alice/streams", null,
                    bearer(sign(newKey, claims("alice", 300).build())));
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals("unauthenticated", error(refused).getString("error"));
        }
    }
}
