package dev.vigil.stream;

/** What the registry tells the rest of the server about streams' lives. */
public interface StreamEvents {
    void streamClosed(StreamInfo stream, String reason);
}
