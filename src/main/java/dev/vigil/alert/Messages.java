package dev.vigil.alert;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** The JSON messages sent on /ws/alerts/{user_id} besides anomaly alerts. */
public final class Messages {
    private Messages() {
    }

    /** First message on a new socket: the user's live streams. */
    public static String connected(String userId, List<String> streamIds) {
        return Json.createObjectBuilder()
                .add("type", "connected")
                .add("user_id", userId)
                .add("stream_ids", Json.createArrayBuilder(streamIds))
                .build().toString();
    }

    public static String streamClosed(String userId, String streamId, String reason) {
        JsonObject message = Json.createObjectBuilder()
                .add("type", "stream_closed")
                .add("user_id", userId)
                .add("stream_id", streamId)
                .add("reason", reason)
                .add("timestamp", System.currentTimeMillis())
                .build();
        return message.toString();
    }

    /** Why the server is about to close a socket: {"type":"error","error","message"}. */
    public static String error(String code, String message) {
        return Json.createObjectBuilder().add("type", "error").add("error", code).add("message", message)
                .build().toString();
    }
}
