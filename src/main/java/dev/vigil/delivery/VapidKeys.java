package dev.vigil.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.VAPIDKeyPairs;
import com.zerodeplibs.webpush.key.PrivateKeySources;
import com.zerodeplibs.webpush.key.PublicKeySources;

/**
 * The server's VAPID key pair (RFC 8292, ECDSA P-256): made at first start and kept as PEM files
 * in the data directory, so subscriptions made against the public key stay valid across restarts.
 */
public final class VapidKeys {
    static final String PRIVATE_FILE = "vapid-private.pem";
    static final String PUBLIC_FILE = "vapid-public.pem";

    private VapidKeys() {
    }

    public static VAPIDKeyPair loadOrCreate(Path dataDir) {
        Path privateKey = dataDir.resolve(PRIVATE_FILE);
        Path publicKey = dataDir.resolve(PUBLIC_FILE);
        try {
            if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
                create(dataDir, privateKey, publicKey);
            }
            return VAPIDKeyPairs.of(PrivateKeySources.ofPEMFile(privateKey), PublicKeySources.ofPEMFile(publicKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the VAPID keys in " + dataDir, e);
        }
    }

    private static void create(Path dataDir, Path privateKey, Path publicKey) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256 key generator", e);
        }
        Files.createDirectories(dataDir);
        Path tmpPrivate = Files.createTempFile(dataDir, "vapid", ".tmp");
        try {
            Files.setPosixFilePermissions(tmpPrivate, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own protection has to do
        }
        Files.writeString(tmpPrivate, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(tmpPrivate, privateKey, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
