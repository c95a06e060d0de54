package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * coturn's REST API credentials (use-auth-secret / static-auth-secret): username is
 * "{expiry unix seconds}:{user_id}", credential base64(HMAC-SHA1(secret, username)). coturn checks
 * both and the expiry, so a leaked credential is useless after its TTL and names its user.
 */
public final class TurnCredentials {
    public record Credential(String username, String credential) {
    }

    private TurnCredentials() {
    }

    public static Credential forUser(String secret, String userId, Instant expires) {
        String username = expires.getEpochSecond() + ":" + userId;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return new Credential(username,
                    Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
