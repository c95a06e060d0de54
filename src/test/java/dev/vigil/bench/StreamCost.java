package dev.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vigil.media.WebRtcSender;
import jakarta.json.JsonObject;

/**
 * What one stream costs the server: answer time, threads, RSS and CPU per idle 640x480 stream,
 * and RSS over long open/close churn. The server runs as its own process (java -jar), the
 * senders here. Run with tools/bench-streams.sh.
 */
public final class StreamCost {
    private StreamCost() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int churnCycles = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        String base = "http://127.0.0.1:" + port;

        one(base, "warmup");
        Thread.sleep(2000);
        Sample idle = Sample.of(pid);
        List<WebRtcSender> senders = new ArrayList<>();
        List<Double> answerMs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            WebRtcSender sender = WebRtcSender.testPattern(i % 2 == 0 ? WebRtcSender.Codec.VP8 : WebRtcSender.Codec.H264, 640, 480);
            String offer = sender.createOffer();
            long t0 = System.nanoTime();
            HttpResponse<String> response = sender.post(base, "cost", JsonObject.EMPTY_JSON_OBJECT, offer);
            answerMs.add((System.nanoTime() - t0) / 1e6);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
            senders.add(sender);
        }
        Thread.sleep(5000);
        Sample open = Sample.of(pid);
        Thread.sleep(10_000);
        Sample later = Sample.of(pid);
        double cpuPerStream = (later.cpuSeconds - open.cpuSeconds) / ((later.nanos - open.nanos) / 1e9) / streams * 100;
        System.out.printf(Locale.ROOT, "streams: %d idle 640x480 15 fps (VP8/H.264 alternating, test pattern: nobody in view)%n", streams);
        System.out.printf(Locale.ROOT, "answer time (POST /api/offer -> answer with ICE gathered): first %.0f ms, median %.0f ms, max %.0f ms%n",
                answerMs.getFirst(), answerMs.stream().sorted().toList().get(answerMs.size() / 2),
                answerMs.stream().mapToDouble(d -> d).max().orElse(0));
        System.out.printf(Locale.ROOT, "per stream: %.1f threads, %.1f MB RSS, %.1f %% of one core (decode + idle analysis)%n",
                (open.threads - idle.threads) / (double) streams, (open.rssKb - idle.rssKb) / 1024.0 / streams, cpuPerStream);
        for (WebRtcSender sender : senders) {
            delete(base + "/api/users/cost/streams/" + sender.streamId());
            sender.close();
        }
        Thread.sleep(3000);
        Sample closed = Sample.of(pid);
        System.out.printf(Locale.ROOT, "after closing all: threads %d -> %d, RSS %d -> %d MB%n",
                idle.threads, closed.threads, idle.rssKb / 1024, closed.rssKb / 1024);

        Sample beforeChurn = Sample.of(pid);
        long t0 = System.nanoTime();
        for (int i = 0; i < churnCycles; i++) {
            one(base, "churn");
            if ((i + 1) % 100 == 0) {
                Sample s = Sample.of(pid);
                System.out.printf(Locale.ROOT, "churn %d: threads %d, RSS %d MB%n", i + 1, s.threads, s.rssKb / 1024);
            }
        }
        Thread.sleep(3000);
        Sample afterChurn = Sample.of(pid);
        System.out.printf(Locale.ROOT, "churn: %d cycles in %.0f s; threads %d -> %d, RSS %d -> %d MB (%+.1f KB per cycle)%n",
                churnCycles, (System.nanoTime() - t0) / 1e9, beforeChurn.threads, afterChurn.threads,
                beforeChurn.rssKb / 1024, afterChurn.rssKb / 1024, (afterChurn.rssKb - beforeChurn.rssKb) / (double) churnCycles);
    }

    private static void one(String base, String user) throws Exception {
        try (WebRtcSender sender = WebRtcSender.testPattern(WebRtcSender.Codec.VP8, 640, 480)) {
            HttpResponse<String> response = sender.connect(base, user, JsonObject.EMPTY_JSON_OBJECT);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
            Thread.sleep(300);
            delete(base + "/api/users/" + user + "/streams/" + sender.streamId());
        }
    }

    private static void delete(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private record Sample(long nanos, int threads, long rssKb, double cpuSeconds) {
        static Sample of(long pid) throws IOException {
            List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").split(" ");
            double ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            return new Sample(System.nanoTime(), (int) field(status, "Threads:"), field(status, "VmRSS:"), ticks / 100.0);
        }

        private static long field(List<String> status, String name) {
            return status.stream().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).strip().split("\\s+")[0])
                    .mapToLong(Long::parseLong).findFirst().orElseThrow();
        }
    }
}
