package dev.vigil.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;

/** Reading and checking what clients send. */
final class Requests {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

    private Requests() {
    }

    /** The body as a JSON object, refusing more than maxBytes before reading it all. */
    static JsonObject jsonObject(ServerRequest req, long maxBytes) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] body = readAtMost(req, maxBytes);
        if (body.length == 0) {
            throw ApiException.badRequest("invalid_json", "the request body is empty; send a JSON object");
        }
        JsonStructure parsed;
        try (JsonReader reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            parsed = reader.read();
        } catch (JsonException | IllegalStateException e) {
            throw ApiException.badRequest("invalid_json", "the request body is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof JsonObject object)) {
            throw ApiException.badRequest("invalid_json", "the request body must be a JSON object");
        }
        return object;
    }

    private static byte[] readAtMost(ServerRequest req, long maxBytes) {
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "body_too_large",
                "the request body is larger than " + maxBytes + " bytes");
    }

    /** A user id as the contract allows it: 1..128 of [A-Za-z0-9_.@-]. */
    static String userId(String value) {
        if (value == null || !USER_ID.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_user_id",
                    "user_id must be 1 to 128 characters of A-Z a-z 0-9 _ . @ -");
        }
        return value;
    }

    static String requiredString(JsonObject body, String field) {
        if (!body.containsKey(field) || body.isNull(field)) {
            throw ApiException.badRequest("missing_field", "the request lacks \"" + field + "\"");
        }
        if (body.get(field).getValueType() != jakarta.json.JsonValue.ValueType.STRING) {
            throw ApiException.badRequest("invalid_field", "\"" + field + "\" must be a string");
        }
        return body.getString(field);
    }
}
