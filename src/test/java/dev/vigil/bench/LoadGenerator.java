package dev.vigil.bench;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.vigil.AlertClient;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Loads a running Vigil server (another process) the way N browsers would: N webrtcbin senders
 * playing a real-person clip at 15 fps (odd streams VP8, even streams H.264), one user and one alert
 * socket per stream. After a warm-up it holds the load for a set time and reports, per stream and
 * overall, what the server's own figures say over that window (listing and /api/stats deltas) plus
 * the server process's CPU and RSS from /proc.
 *
 * <pre>
 * LoadGenerator --url http://127.0.0.1:PORT --pid SERVER_PID --streams N --h264 clip.mp4 --vp8 clip.webm
 *               [--warmup 5] [--seconds 20] [--label person] [--out result.properties]
 * </pre>
 * tools/loadgen.sh builds the clips, starts and stops the server and runs this for N = 1, 2, 4, 8, 16.
 */
public final class LoadGenerator {
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final String url;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private LoadGenerator(String url, long pid) {
        this.url = url;
        this.pid = pid;
    }

    /** One stream of the load: its sender, its user's socket and what it took to set up. */
    private record Stream(String user, WebRtcSender.Codec codec, WebRtcSender sender, AlertClient socket,
                          String streamId, double setupMillis) {
    }

    /** What the listing says about one stream at one moment. */
    private record Sample(long decoded, long analysed, long dropped, long alerts, double alertP50, double alertP95) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int streams = Integer.parseInt(options.getOrDefault("streams", "1"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "20"));
        String label = options.getOrDefault("label", "person");
        LoadGenerator generator = new LoadGenerator(options.get("url"), Long.parseLong(options.get("pid")));
        Map<String, Object> result = generator.run(streams, Path.of(options.get("h264")), Path.of(options.get("vp8")),
                label, warmup, seconds);
        if (options.containsKey("out")) {
            StringBuilder text = new StringBuilder();
            result.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(Path.of(options.get("out")), text);
        }
        System.exit(0); // GStreamer's threads are not daemons
    }

    private Map<String, Object> run(int count, Path h264, Path vp8, String label, double warmup, double seconds)
            throws Exception {
        List<Stream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                streams.add(open(i, i % 2 == 1 ? WebRtcSender.Codec.VP8 : WebRtcSender.Codec.H264,
                        i % 2 == 1 ? vp8 : h264, label));
            }
            Thread.sleep((long) (warmup * 1000));
            long startNanos = System.nanoTime();
            long startTicks = cpuTicks(pid);
            Map<String, Long> threadsBefore = threadTicks(pid);
            long ownStartTicks = cpuTicks(ProcessHandle.current().pid());
            double[] loadBefore = loadAverage();
            Sample[] before = new Sample[count];
            for (int i = 0; i < count; i++) {
                before[i] = sample(streams.get(i));
            }
            Thread.sleep((long) (seconds * 1000));
            Sample[] after = new Sample[count];
            for (int i = 0; i < count; i++) {
                after[i] = sample(streams.get(i));
            }
            long endTicks = cpuTicks(pid);
            Map<String, Long> threadsAfter = threadTicks(pid);
            long ownEndTicks = cpuTicks(ProcessHandle.current().pid());
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            JsonObject stats = getJson("/api/stats");
            Map<String, Object> result = report(streams, before, after, elapsed,
                    (endTicks - startTicks) / (double) CLOCK_TICKS_PER_SECOND, stats, label);
            result.put("loadgen_cpu_cores", Math.round((ownEndTicks - ownStartTicks) / (double) CLOCK_TICKS_PER_SECOND
                    / elapsed * 1000) / 1000.0);
            result.put("server_threads_cores", threadGroups(threadsBefore, threadsAfter, elapsed));
            System.out.println("server_threads_cores = " + result.get("server_threads_cores"));
            result.put("load_average_1min_before", loadBefore[0]);
            result.put("load_average_1min_after", loadAverage()[0]);
            return result;
        } finally {
            for (Stream stream : streams) {
                stream.sender().close();
                send(HttpRequest.newBuilder(URI.create(url + "/api/users/" + stream.user())).DELETE());
                stream.socket().close();
            }
        }
    }

    /** Opens one stream and waits until the server decodes its first frame (state "live"). */
    private Stream open(int index, WebRtcSender.Codec codec, Path clip, String label) throws Exception {
        String user = "load-" + label + "-" + index;
        AlertClient socket = new AlertClient(url.replace("http:", "ws:") + "/ws/alerts/" + user);
        long started = System.nanoTime();
        WebRtcSender sender = WebRtcSender.preEncoded(clip, codec);
        HttpResponse<String> response = sender.connect(url, user,
                Json.createObjectBuilder().add("camera", "load " + index).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("offer of stream " + index + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        String streamId = sender.streamId();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"live".equals(entry(user, streamId).getString("state", "")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        double setup = (System.nanoTime() - started) / 1e6;
        return new Stream(user, codec, sender, socket, streamId, setup);
    }

    private Sample sample(Stream stream) throws Exception {
        JsonObject entry = entry(stream.user(), stream.streamId());
        JsonObject latency = entry.containsKey("alert_latency_ms") ? entry.getJsonObject("alert_latency_ms") : null;
        return new Sample(entry.getJsonNumber("frames_decoded").longValue(),
                entry.getJsonNumber("frames_analysed").longValue(), entry.getJsonNumber("frames_dropped").longValue(),
                entry.getJsonNumber("alerts_sent").longValue(),
                latency == null ? Double.NaN : latency.getJsonNumber("p50").doubleValue(),
                latency == null ? Double.NaN : latency.getJsonNumber("p95").doubleValue());
    }

    private Map<String, Object> report(List<Stream> streams, Sample[] before, Sample[] after, double elapsed,
                                       double cpuSeconds, JsonObject stats, String label) throws IOException {
        int n = streams.size();
        double[] analysedFps = new double[n];
        double total = 0;
        long dropped = 0;
        double decodedFps = 0;
        System.out.printf("%n## %s load, N=%d, %.1f s held%n%n", label, n, elapsed);
        System.out.println("| stream | codec | setup ms | decoded fps | analysed fps | dropped | alerts | alert ms p50 | alert ms p95 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < n; i++) {
            Sample b = before[i];
            Sample a = after[i];
            analysedFps[i] = (a.analysed() - b.analysed()) / elapsed;
            total += analysedFps[i];
            dropped += a.dropped() - b.dropped();
            double decoded = (a.decoded() - b.decoded()) / elapsed;
            decodedFps += decoded;
            System.out.printf("| %d | %s | %.0f | %.1f | %.2f | %d | %d | %.1f | %.1f |%n", i, streams.get(i).codec(),
                    streams.get(i).setupMillis(), decoded, analysedFps[i], a.dropped() - b.dropped(),
                    a.alerts(), a.alertP50(), a.alertP95());
        }
        double[] sorted = analysedFps.clone();
        Arrays.sort(sorted);
        double[] setups = streams.stream().mapToDouble(Stream::setupMillis).sorted().toArray();
        double fairShare = total / n;
        long rssKb = rssKb();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", label);
        result.put("streams", n);
        result.put("seconds", round(elapsed));
        result.put("decoded_fps", round(decodedFps));
        result.put("analysed_fps", round(total));
        result.put("min_stream_fps", round(sorted[0]));
        result.put("max_stream_fps", round(sorted[n - 1]));
        result.put("min_over_fair_share", round(sorted[0] / fairShare));
        result.put("dropped_per_second", round(dropped / elapsed));
        result.put("inference_ms_p50", stats.getJsonObject("inference_ms").getJsonNumber("p50").doubleValue());
        result.put("inference_ms_p95", stats.getJsonObject("inference_ms").getJsonNumber("p95").doubleValue());
        result.put("alerts", stats.getJsonNumber("alerts_sent").longValue());
        result.put("alert_ms_p50", stats.getJsonObject("alert_latency_ms").getJsonNumber("p50").doubleValue());
        result.put("alert_ms_p95", stats.getJsonObject("alert_latency_ms").getJsonNumber("p95").doubleValue());
        if (stats.containsKey("store")) {
            // write before send: the store transaction inside alert_ms, on the store writer thread
            JsonObject writes = stats.getJsonObject("store").getJsonObject("write_ms");
            result.put("store_write_ms_p50", writes.getJsonNumber("p50").doubleValue());
            result.put("store_write_ms_p95", writes.getJsonNumber("p95").doubleValue());
        }
        result.put("alerts_received", streams.stream().mapToLong(s -> s.socket().messages("anomaly_detected").size()).sum());
        // the last leg, which the server's alert latency does not include: its socket queue, the WebSocket
        // and this client (java.net.http hands a ~100 KB alert over in parts, which takes it several ms)
        for (int part = 0; part < 2; part++) {
            int index = part;
            long[] delivery = streams.stream().flatMap(s -> s.socket().deliveryMillis().stream())
                    .mapToLong(times -> times[index]).sorted().toArray();
            if (delivery.length > 0) {
                String name = part == 0 ? "alert_first_byte_ms" : "alert_delivered_ms";
                result.put(name + "_p50", delivery[(delivery.length - 1) / 2]);
                result.put(name + "_p95", delivery[(int) Math.ceil(0.95 * delivery.length) - 1]);
            }
        }
        result.put("cpu_cores", Math.round(cpuSeconds / elapsed * 1000) / 1000.0);
        result.put("cpu_per_stream", Math.round(cpuSeconds / elapsed / n * 10000) / 10000.0);
        result.put("rss_mb", round(rssKb / 1024.0));
        result.put("setup_ms_p50", round(setups[(n - 1) / 2]));
        result.put("setup_ms_max", round(setups[n - 1]));
        System.out.println();
        result.forEach((key, value) -> System.out.println(key + " = " + value));
        return result;
    }

    static double[] loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return new double[]{Double.parseDouble(fields[0]), Double.parseDouble(fields[1])};
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name in parentheses (which may hold spaces): utime is the 14th, stime the 15th
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU ticks of each live thread of the process, by thread id: "name/tid" -> ticks. */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(name + "/" + task.getFileName(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException gone) {
                    // the thread ended between listing and reading
                }
            }
        }
        return ticks;
    }

    /**
     * Cores used over the window by each kind of thread (names with their numbers taken out, e.g.
     * "queue#:src" for every stream's decoding thread, "analysis-*" for every stream's analysis), the
     * busiest first: where the CPU goes.
     */
    static String threadGroups(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Long> groups = new LinkedHashMap<>();
        after.forEach((thread, ticks) -> {
            String group = thread.substring(0, thread.lastIndexOf('/'))
                    .replaceAll("^analysis-[0-9a-f]+$", "analysis-*") // one per stream, named by its id
                    .replaceAll("[0-9]+", "#");
            groups.merge(group, ticks - before.getOrDefault(thread, 0L), Long::sum);
        });
        return groups.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(),
                        e.getValue() / (double) CLOCK_TICKS_PER_SECOND / seconds))
                .collect(Collectors.joining(", "));
    }

    private long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private JsonObject entry(String user, String streamId) throws Exception {
        return getJson("/api/users/" + user + "/streams").getJsonArray("streams").getValuesAs(JsonObject.class)
                .stream().filter(s -> s.getString("stream_id").equals(streamId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("stream " + streamId + " of " + user + " is not listed"));
    }

    private JsonObject getJson(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
