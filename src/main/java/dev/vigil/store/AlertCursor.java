package dev.vigil.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a newest-first listing starts: below this alert id. Opaque to clients
 * (base64url), so its form may change without breaking them.
 */
public record AlertCursor(long beforeId) {
    private static final String PREFIX = "b1:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + beforeId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException for anything encode() did not make */
    public static AlertCursor decode(String text) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this server made");
        }
        if (!decoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("cursor is not one this server made");
        }
        try {
            long id = Long.parseLong(decoded.substring(PREFIX.length()));
            if (id < 1) {
                throw new NumberFormatException();
            }
            return new AlertCursor(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor is not one this server made");
        }
    }
}
