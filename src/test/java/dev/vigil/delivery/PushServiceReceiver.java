package dev.vigil.delivery;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The browser's half of Web Push, written here from RFC 8291 and RFC 8292 with the JDK's
 * primitives and independently of the server's library: a subscription's keys, the VAPID check
 * a push service makes, and the decryption a browser makes.
 */
final class PushServiceReceiver {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODE = Base64.getUrlDecoder();

    final KeyPair browserKeys;
    final byte[] browserPublic;
    final byte[] authSecret = new byte[16];

    PushServiceReceiver() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        browserKeys = generator.generateKeyPair();
        browserPublic = uncompressed((ECPublicKey) browserKeys.getPublic());
        new SecureRandom().nextBytes(authSecret);
    }

    String p256dh() {
        return B64URL.encodeToString(browserPublic);
    }

    String auth() {
        return B64URL.encodeToString(authSecret);
    }

    /** The claims of a valid "vapid t=..., k=..." Authorization, checked against the server's key. */
    static JsonObject verifyVapid(String authorization, byte[] serverPublicKey) throws Exception {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new AssertionError("no VAPID Authorization: " + authorization);
        }
        String token = null;
        String key = null;
        for (String part : authorization.substring(6).split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv[0].equals("t")) {
                token = kv[1];
            } else if (kv[0].equals("k")) {
                key = kv[1];
            }
        }
        if (!Arrays.equals(serverPublicKey, B64URL_DECODE.decode(key))) {
            throw new AssertionError("k is not the server's VAPID public key");
        }
        String[] jwt = token.split("\\.");
        JsonObject header = json(B64URL_DECODE.decode(jwt[0]));
        if (!"ES256".equals(header.getString("alg"))) {
            throw new AssertionError("alg " + header);
        }
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(serverPublicKey));
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(B64URL_DECODE.decode(jwt[2]))) {
            throw new AssertionError("the VAPID JWT's signature does not verify with the server's key");
        }
        return json(B64URL_DECODE.decode(jwt[1]));
    }

    /** RFC 8291 section 3.4 and RFC 8188: the plaintext of one aes128gcm message. */
    byte[] decrypt(byte[] body) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] serverPublic = new byte[in.get() & 0xff];
        in.get(serverPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (ciphertext.length > recordSize) {
            throw new AssertionError("more than one record");
        }
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(browserKeys.getPrivate());
        agreement.doPhase(publicKey(serverPublic), true);
        byte[] ecdhSecret = agreement.generateSecret();

        byte[] prkKey = hmac(authSecret, ecdhSecret);
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), browserPublic, serverPublic,
                new byte[] {1});
        byte[] ikm = hmac(prkKey, keyInfo);
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1})), 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new AssertionError("the last record must end in the 0x02 delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private static ECPublicKey publicKey(byte[] uncompressed) throws Exception {
        if (uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new AssertionError("not an uncompressed P-256 point");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        fixed(key.getW().getAffineX(), out, 1);
        fixed(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void fixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, out, offset + 32 - copy, copy);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    static JsonObject json(byte[] bytes) {
        return Json.createReader(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8))).readObject();
    }
}
