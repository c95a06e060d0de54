package dev.vigil.api;

import java.io.StringReader;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

/**
 * Requests Helidon answers before any routing (a refused WebSocket upgrade, a request it cannot
 * parse) get the API's error shape {"error","message"} instead of Helidon's plain text. A refusal
 * made by Vigil (see {@link #refusal}) carries its JSON as the exception's safe message and is
 * sent as it is; Helidon's own get a code from their status and its safe message, if any.
 */
public final class JsonDirectHandler implements DirectHandler {
    private static final Logger LOG = Logger.getLogger(JsonDirectHandler.class.getName());

    /** A refusal of a request before routing, answered with status and {"error":code,"message"}. */
    static RequestException refusal(Status status, String code, String message) {
        return RequestException.builder()
                .type(EventType.OTHER)
                .status(status)
                .message(Json.createObjectBuilder().add("error", code).add("message", message).build().toString())
                .safeMessage(true)
                .build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, Throwable thrown) {
        String message = thrown instanceof RequestException e && e.safeMessage() ? e.getMessage() : null;
        return handle(request, eventType, status, headers, message);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, Throwable thrown, System.Logger logger) {
        LOG.log(Level.FINE, "answered " + status.code() + " before routing: " + request.path(), thrown);
        return handle(request, eventType, status, headers, thrown);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(body(status, message))
                .build();
    }

    private static String body(Status status, String message) {
        if (message != null && message.startsWith("{")) {
            try {
                JsonObject json = Json.createReader(new StringReader(message)).readObject();
                if (json.containsKey("error") && json.containsKey("message")) {
                    return message;
                }
            } catch (JsonException e) {
                // not ours: wrapped below
            }
        }
        String code = switch (status.code()) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 413 -> "body_too_large";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
        String text = message == null || message.isBlank() ? status.reasonPhrase() : message;
        return Json.createObjectBuilder().add("error", code).add("message", text).build().toString();
    }
}
