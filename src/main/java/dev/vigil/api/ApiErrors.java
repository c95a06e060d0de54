package dev.vigil.api;

import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.auth.AccessDenied;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;

/** Every failure leaves as {"error": code, "message": text} with its status. */
public final class ApiErrors {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    public static void install(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(res, e))
                .error(AccessDenied.class, (req, res, e) -> send(res,
                        new ApiException(Status.create(e.status()), e.code(), e.getMessage())))
                // Helidon's own statuses, e.g. the static content's 304 Not Modified on a page
                // reload (If-None-Match) or 404 for a missing file: keep their status.
                .error(HttpException.class, (req, res, e) -> {
                    Status status = e.status();
                    if (status.code() < 400) {
                        res.status(status).send();
                    } else {
                        send(res, new ApiException(status, status.reasonPhrase().toLowerCase().replace(' ', '_'),
                                e.getMessage()));
                    }
                })
                .error(RuntimeException.class, (req, res, e) -> {
                    LOG.log(Level.WARNING, "request " + req.path().path() + " failed", e);
                    send(res, new ApiException(Status.INTERNAL_SERVER_ERROR_500, "internal_error",
                            "the server failed on this request: " + e.getMessage()));
                })
                .any("/api/*", (req, res) -> {
                    throw new ApiException(Status.NOT_FOUND_404, "not_found",
                            "no endpoint " + req.prologue().method().text() + " " + req.path().path());
                });
    }

    private static void send(ServerResponse res, ApiException e) {
        res.status(e.status())
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(Json.createObjectBuilder().add("error", e.code()).add("message", e.getMessage()).build().toString());
    }
}
