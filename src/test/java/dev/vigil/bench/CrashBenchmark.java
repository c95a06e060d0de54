package dev.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.vigil.CrashCycle;

/**
 * Kills the server with SIGKILL while it produces alerts, N times on one SQLite store, and prints
 * per run and in total: alerts the socket received, received but not in the store, integrity
 * check after reopening, and whether new ids continued above.
 *   tools/bench-crash.sh [RUNS (default 20)]
 */
public final class CrashBenchmark {
    private CrashBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path store = Files.createTempDirectory("vigil-crash-bench-");
        System.out.println("| run | alerts received | missing from store | integrity | last id stored | next id | ok |");
        System.out.println("|---|---|---|---|---|---|---|");
        long received = 0;
        long missing = 0;
        int ok = 0;
        for (int run = 1; run <= runs; run++) {
            // Kill after a varying number of alerts, so the kill lands at different moments.
            CrashCycle.Result r = CrashCycle.run(store, 20 + (run * 37) % 60);
            received += r.received();
            missing += r.missing();
            ok += r.ok() ? 1 : 0;
            System.out.printf("| %d | %d | %d | %s | %d | %d | %s |%n", run, r.received(), r.missing(), r.integrity(),
                    r.lastIdBefore(), r.nextId(), r.ok() ? "yes" : "NO");
        }
        System.out.printf("%n%d kills: %d alerts received, %d missing from the store, %d of %d runs fully ok%n",
                runs, received, missing, ok, runs);
    }
}
