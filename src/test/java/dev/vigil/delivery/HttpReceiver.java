package dev.vigil.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on loopback that plays a webhook receiver or a push service: it answers from a
 * script (status codes, or HANG to hold the request past the sender's timeout), then 'otherwise'.
 */
final class HttpReceiver implements AutoCloseable {
    static final int HANG = -1;

    record Request(long receivedAtMillis, long receivedAtNanos, String method, String path, Map<String, List<String>> headers, byte[] body,
                   int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Integer> script = new LinkedBlockingQueue<>();
    private volatile int otherwise;
    private final Map<Integer, String> extraHeaders = new java.util.concurrent.ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    HttpReceiver(int otherwise) throws IOException {
        this.otherwise = otherwise;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Integer scripted = script.poll();
            int status = scripted == null ? this.otherwise : scripted;
            requests.add(new Request(System.currentTimeMillis(), System.nanoTime(), exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body, status));
            if (status == HANG) {
                try {
                    Thread.sleep(Duration.ofSeconds(8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            String header = extraHeaders.get(status);
            if (header != null) {
                exchange.getResponseHeaders().add(header.split(":", 2)[0], header.split(":", 2)[1].trim());
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next answers, in order; then 'otherwise'. */
    HttpReceiver answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    HttpReceiver otherwise(int status) {
        this.otherwise = status;
        return this;
    }

    /** A header sent with every answer of that status, e.g. (429, "Retry-After: 1"). */
    HttpReceiver header(int status, String header) {
        extraHeaders.put(status, header);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests answered with status (HANG for those held). */
    List<Request> answered(int status) {
        return requests.stream().filter(r -> r.answered() == status).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    static void awaitRequests(HttpReceiver receiver, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (receiver.requests.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver got " + receiver.requests.size() + " requests, not " + count);
            }
            Thread.sleep(10);
        }
    }
}
