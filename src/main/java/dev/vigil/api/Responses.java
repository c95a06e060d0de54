package dev.vigil.api;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

/** JSON answers. */
final class Responses {
    private Responses() {
    }

    static void json(ServerResponse res, Status status, JsonObject body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body.toString());
    }

    static void json(ServerResponse res, JsonObject body) {
        json(res, Status.OK_200, body);
    }
}
