package dev.vigil;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

/** A client of /ws/alerts/{user_id} that keeps every message it receives. */
public final class AlertClient implements AutoCloseable {
    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private volatile boolean closedByServer;
    private volatile int closeCode = -1;
    /**
     * For each message with a "timestamp" (alerts): milliseconds from being built on the server to its
     * first and to its last part arriving here (before this client parses it).
     */
    private final List<long[]> deliveryMillis = new CopyOnWriteArrayList<>();

    public AlertClient(String url) throws Exception {
        this(url, java.util.Map.of());
    }

    /** With extra upgrade request headers (e.g. Authorization or Cookie). */
    public AlertClient(String url, java.util.Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        socket = builder
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();
                    private long firstPartMillis;

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        if (partial.isEmpty()) {
                            firstPartMillis = System.currentTimeMillis();
                        }
                        partial.append(data);
                        if (last) {
                            long lastPartMillis = System.currentTimeMillis();
                            JsonObject message = TestServer.json(partial.toString());
                            if (message.containsKey("timestamp")) {
                                long built = message.getJsonNumber("timestamp").longValue();
                                deliveryMillis.add(new long[] {firstPartMillis - built, lastPartMillis - built});
                            }
                            messages.add(message);
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeCode = statusCode;
                        closedByServer = true;
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    public List<JsonObject> messages() {
        return List.copyOf(messages);
    }

    /** First and last part arrival of every timestamped message so far, ms after it was built (same clock). */
    public List<long[]> deliveryMillis() {
        return List.copyOf(deliveryMillis);
    }

    public List<JsonObject> messages(String type) {
        return messages.stream().filter(m -> type.equals(m.getString("type", ""))).toList();
    }

    /** Waits for a message matching the predicate and returns it. */
    public JsonObject await(String what, Duration deadline, Predicate<JsonObject> predicate) throws InterruptedException {
        TestServer.await(what, deadline, () -> messages.stream().anyMatch(predicate));
        return messages.stream().filter(predicate).findFirst().orElseThrow();
    }

    /** The server's close code, -1 while open. */
    public int closeCode() {
        return closeCode;
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    /**
     * Says goodbye, then drops the connection without waiting for the server's reply: the server
     * may be gone (a test that killed it), and HttpClient.close() would wait for that socket forever.
     */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // nobody to say it to
        }
        socket.abort();
        http.shutdownNow();
        try {
            http.awaitTermination(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
