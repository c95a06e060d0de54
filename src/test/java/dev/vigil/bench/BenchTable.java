package dev.vigil.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Joins one run's results (target/bench/*.properties from {@link LoadGenerator} and {@link BareLimit})
 * into the Markdown table of docs/PERFORMANCE.md, with the issue's target ratios.
 *
 * <pre>BenchTable DIR "1 2 4 8 16" IDLE_N</pre>
 */
public final class BenchTable {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<Integer> counts = new ArrayList<>();
        for (String n : args[1].trim().split("\\s+")) {
            counts.add(Integer.parseInt(n));
        }
        int idleN = Integer.parseInt(args[2]);
        StringBuilder out = new StringBuilder();
        out.append("| N | server analysed fps | bare limit fps | server / bare | min stream / fair share | dropped/s"
                + " | inference ms p50 | alert ms p50 / p95 (alerts) | server CPU cores | CPU per stream | decode-alone CPU"
                + " per stream | fps per CPU core: server / bare | RSS MB | setup ms p50 / max |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double minFairness = Double.MAX_VALUE;
        for (int n : counts) {
            Properties server = load(dir.resolve("loadgen-person-" + n + ".properties"));
            Properties bare = load(dir.resolve("bare-person-" + n + ".properties"));
            Properties decode = load(dir.resolve("decode-person-" + n + ".properties"));
            double fps = num(server, "analysed_fps");
            double bareFps = num(bare, "analysed_fps");
            minFairness = Math.min(minFairness, num(server, "min_over_fair_share"));
            out.append(String.format("| %d | %.1f | %.1f | **%.2f** | %.2f | %.1f | %.1f | %.0f / %.0f (%s) | %.2f | %.3f | %.3f | %.0f / %.0f | %.0f | %.0f / %.0f |%n",
                    n, fps, bareFps, fps / bareFps, num(server, "min_over_fair_share"),
                    num(server, "dropped_per_second"), num(server, "inference_ms_p50"), num(server, "alert_ms_p50"),
                    num(server, "alert_ms_p95"), server.getProperty("alerts", "?"), num(server, "cpu_cores"),
                    num(server, "cpu_per_stream"), num(decode, "cpu_per_stream"), fps / num(server, "cpu_cores"),
                    bareFps / num(bare, "cpu_cores"), num(server, "rss_mb"),
                    num(server, "setup_ms_p50"), num(server, "setup_ms_max")));
        }
        out.append('\n');
        int ratioN = counts.contains(8) ? 8 : counts.get(counts.size() - 1);
        Properties serverAtN = load(dir.resolve("loadgen-person-" + ratioN + ".properties"));
        Properties bareAtN = load(dir.resolve("bare-person-" + ratioN + ".properties"));
        Properties one = load(dir.resolve("loadgen-person-" + counts.get(0) + ".properties"));
        Properties idle = load(dir.resolve("loadgen-empty-" + idleN + ".properties"));
        Properties idleDecode = load(dir.resolve("decode-empty-" + idleN + ".properties"));
        double throughput = num(serverAtN, "analysed_fps") / num(bareAtN, "analysed_fps");
        double latency = num(one, "alert_ms_p95") / num(one, "inference_ms_p50");
        double idleRatio = num(idle, "cpu_per_stream") / num(idleDecode, "cpu_per_stream");
        out.append("| target | measured | met |\n|---|---|---|\n");
        out.append(String.format("| total analysed fps at N=%d >= 0.85 x bare limit | %.2f | %s |%n", ratioN, throughput,
                throughput >= 0.85 ? "yes" : "no"));
        out.append(String.format("| no stream below 0.8 of the fair share (worst N) | %.2f | %s |%n", minFairness,
                minFairness >= 0.8 ? "yes" : "no"));
        out.append(String.format("| alert latency p95 at N=%d < 2.5 inference times (p95 %.0f ms / inference p50 %.1f ms) | %.2f | %s |%n",
                counts.get(0), num(one, "alert_ms_p95"), num(one, "inference_ms_p50"), latency, latency < 2.5 ? "yes" : "no"));
        out.append(String.format("| server CPU per idle stream < 1.5 x decode-alone (N=%d empty scene: %.3f vs %.3f cores;"
                        + " %.2f analysed fps in all) | %.2f | %s |%n", idleN, num(idle, "cpu_per_stream"),
                num(idleDecode, "cpu_per_stream"), num(idle, "analysed_fps"), idleRatio, idleRatio < 1.5 ? "yes" : "no"));
        Files.writeString(dir.resolve("table.md"), out);
        System.out.print(out);
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        return properties;
    }

    private static double num(Properties properties, String key) {
        String value = properties.getProperty(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }
}
