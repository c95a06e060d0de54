package dev.vigil.auth;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.vigil.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.vigil.auth.AuthHttp.bearer;
import static dev.vigil.auth.AuthHttp.call;
import static dev.vigil.auth.AuthHttp.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mode jwt against a JWKS file: good tokens pass with their claims, every bad one is nobody. */
class JwtAccessTest {
    static final String ISSUER = "https://idp.example.test/";
    static final String AUDIENCE = "vigil";
    private static RSAKey idpKey;
    private static RSAKey strangerKey;
    private static Path jwks;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        jwks = Files.createTempFile("vigil-jwks-", ".json");
        Files.writeString(jwks, new JWKSet(idpKey.toPublicJWK()).toString());
        server = new TestServer(Map.of(
                "vigil.auth.mode", "jwt",
                "vigil.auth.jwt.jwks-file", jwks.toString(),
                "vigil.auth.jwt.issuer", ISSUER,
                "vigil.auth.jwt.audience", AUDIENCE,
                "vigil.auth.jwt.user-claim", "preferred_username",
                "vigil.auth.jwt.roles-claim", "groups",
                "vigil.auth.turn.secret", "coturn-static-secret",
                "vigil.auth.turn.urls.0", "turn:127.0.0.1:3478",
                "vigil.analysis.enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(jwks);
    }

    static JWTClaimsSet.Builder claims(String user, long expiresInSeconds) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("id-" + user)
                .claim("preferred_username", user)
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000));
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void goodTokensCarryUserAndRoles() throws Exception {
        HttpResponse<String> me = call(server, "GET", "/api/auth/me", null, bearer(sign(idpKey, claims("alice", 300).build())));
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("alice", TestServer.json(me.body()).getString("user_id"));
        assertEquals("jwt", TestServer.json(me.body()).getString("via"));
        String alice = sign(idpKey, claims("alice", 300).build());
        assertEquals(403, call(server, "GET", "/api/stats", null, bearer(alice)).statusCode());
        assertEquals(403, call(server, "GET", "/api/users/bob/streams", null, bearer(alice)).statusCode());
        String admin = sign(idpKey, claims("root", 300).claim("groups", List.of("admin")).build());
        assertEquals(200, call(server, "GET", "/api/stats", null, bearer(admin)).statusCode());
        assertEquals(101, AuthHttp.upgradeStatus(server.wsUrl("alice"), bearer(alice)));
        // Per-user TURN credentials in coturn's REST scheme, checked with the JDK's HMAC.
        jakarta.json.JsonObject config = TestServer.json(call(server, "GET", "/api/config", null, bearer(alice)).body());
        jakarta.json.JsonObject turn = config.getJsonArray("ice_servers").getJsonObject(0);
        assertEquals("turn:127.0.0.1:3478", turn.getJsonArray("urls").getString(0));
        String[] username = turn.getString("username").split(":");
        assertEquals("alice", username[1]);
        long expiry = Long.parseLong(username[0]) - System.currentTimeMillis() / 1000;
        assertTrue(expiry > 3500 && expiry <= 3600, "expires in an hour: " + expiry);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec("coturn-static-secret".getBytes(), "HmacSHA1"));
        assertEquals(java.util.Base64.getEncoder().encodeToString(mac.doFinal(turn.getString("username").getBytes())),
                turn.getString("credential"));
        assertTrue(AuthHttp.upgradeStatus(server.wsUrl("bob"), bearer(alice)) >= 400);
    }

    @Test
    void badTokensAreNobody() throws Exception {
        String good = sign(idpKey, claims("alice", 300).build());
        String[] parts = good.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims("admin", 300).claim("groups", List.of("admin")).build().toString().getBytes());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice", 300).build());
        hmac.sign(new MACSigner(new byte[32]));
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("expired", sign(idpKey, claims("alice", -120).build()));
        bad.put("wrongly signed (another key, same kid)", sign(strangerKey, claims("alice", 300).build()));
        bad.put("alg none", new PlainJWT(claims("alice", 300).build()).serialize());
        bad.put("forged payload", parts[0] + "." + forgedPayload + "." + parts[2]);
        bad.put("HS256 with a guessed secret", hmac.serialize());
        bad.put("wrong issuer", sign(idpKey, claims("alice", 300).issuer("https://evil.test/").build()));
        bad.put("wrong audience", sign(idpKey, claims("alice", 300).audience("other").build()));
        bad.put("no user claim", sign(idpKey, new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build()));
        bad.put("garbage", "not.a.jwt");
        for (var token : bad.entrySet()) {
            for (String[] row : List.of(new String[] {"GET", "/api/auth/me"}, new String[] {"GET", "/api/users/alice/streams"},
                    new String[] {"GET", "/api/stats"}, new String[] {"DELETE", "/api/users/alice"})) {
                HttpResponse<String> response = call(server, row[0], row[1], null, bearer(token.getValue()));
                assertEquals(401, response.statusCode(), token.getKey() + " " + row[1] + ": " + response.body());
                assertEquals("unauthenticated", error(response).getString("error"));
                assertFalse(response.body().contains("alice"), response.body());
            }
            assertTrue(AuthHttp.upgradeStatus(server.wsUrl("alice"), bearer(token.getValue())) >= 400, token.getKey());
        }
    }
}
