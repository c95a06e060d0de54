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
            // The default API level (1.8) rejects Promise, which webrtcbin negotiation needs.
            Gst.init(Version.of(1, 18), "vigil");
            initialized = true;
        }
    }
}
