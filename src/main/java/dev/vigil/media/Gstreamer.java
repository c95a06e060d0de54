package dev.vigil.media;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/** Process-wide GStreamer start-up; every media class calls {@link #init()} first. */
public final class Gstreamer {
    private static boolean initialized;

    private Gstreamer() {
    }

    public static synchronized boolean initialized() {
        return initialized;
    }

    public static synchronized void init() {
        if (!initialized) {
            // The default API level (1.8) rejects Promise, which webrtcbin negotiation needs. No segtrap: while
            // GStreamer updates its plugin registry it catches SIGSEGV process-wide, and in a JVM it then catches the
            // JVM's own (implicit null checks, safepoints) and reports a plugin crash; a test server once lost its
            // libav plugin that way and no stream went live.
            Gst.init(Version.of(1, 18), "vigil", "--gst-disable-segtrap");
            initialized = true;
        }
    }
}
