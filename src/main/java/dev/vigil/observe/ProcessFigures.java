package dev.vigil.observe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Threads and resident memory of the whole process, native GStreamer and ONNX Runtime threads
 * included, from /proc on Linux (JVM figures elsewhere).
 */
public final class ProcessFigures {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessFigures() {
    }

    public static long threads() {
        long fromProc = statusField("Threads:");
        return fromProc >= 0 ? fromProc : ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Resident set size in bytes, -1 where /proc is not available. */
    public static long rssBytes() {
        long kb = statusField("VmRSS:");
        return kb >= 0 ? kb * 1024 : -1;
    }

    private static long statusField(String name) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
