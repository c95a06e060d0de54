package dev.vigil.stream;

import java.time.Instant;

import jakarta.json.JsonObject;

/** Who a stream belongs to and what the client said about it. */
public record StreamInfo(String userId, String streamId, JsonObject metadata, Instant createdAt) {
}
