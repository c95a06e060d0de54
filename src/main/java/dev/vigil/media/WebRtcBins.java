package dev.vigil.media;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.jna.Pointer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Promise;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCICEGatheringState;
import org.freedesktop.gstreamer.webrtc.WebRTCSessionDescription;

/** What both ends of a webrtcbin connection need beyond gst1-java-core's wrapper. */
final class WebRtcBins {
    private WebRtcBins() {
    }

    /**
     * Emits a webrtcbin action signal that takes a promise and waits for the reply. The promise
     * and its callback stay reachable until then: gst1-java-core's own createOffer/createAnswer
     * keep them only in a local variable, and a GC before webrtcbin replies loses the reply.
     *
     * @return the reply of create-offer / create-answer; null for the others, which reply nothing
     */
    static Structure emitAndAwait(WebRTCBin webrtc, String signal, Object argument, Duration timeout)
            throws MediaException {
        CompletableFuture<Promise> done = new CompletableFuture<>();
        Promise.PROMISE_CHANGE onChange = done::complete;
        Promise promise = new Promise(onChange);
        try {
            if (argument instanceof WebRTCSessionDescription description) {
                description.disown(); // the signal takes ownership
            }
            webrtc.emit(signal, argument, promise);
            Promise replied = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return signal.startsWith("create-") ? replied.getReply() : null;
        } catch (TimeoutException e) {
            throw new MediaException("webrtcbin did not complete " + signal + " in time");
        } catch (ExecutionException e) {
            throw new MediaException(signal + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted during " + signal);
        } finally {
            Reference.reachabilityFence(promise);
            Reference.reachabilityFence(onChange);
        }
    }

    /** Waits until ICE gathering is complete or the timeout passes, whichever is first. */
    static void awaitGathering(WebRTCBin webrtc, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (webrtc.getICEGatheringState() != WebRTCICEGatheringState.COMPLETE && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Restricts ICE host candidates to the given local addresses (all interfaces when empty). */
    static void restrictLocalAddresses(WebRTCBin webrtc, List<String> addresses) {
        Pointer ice = GObjects.getObject(Natives.getRawPointer(webrtc), "ice-agent");
        try {
            for (String address : addresses) {
                GObjects.emit(ice, "add-local-ip-address", address);
            }
        } finally {
            GObjects.unref(ice);
        }
    }

    /**
     * libnice probes the LAN for UPnP gateways by default (multicast beyond the machine); called
     * for every element added below a webrtcbin, it switches that off on each ICE agent.
     */
    static void disableUpnp(Element element) {
        String type = element.getTypeName();
        if (type.equals("GstNiceSrc") || type.equals("GstNiceSink")) {
            Pointer agent = GObjects.getObject(Natives.getRawPointer(element), "agent");
            try {
                if (agent != null) {
                    GObjects.setInt(agent, "upnp", 0);
                }
            } finally {
                GObjects.unref(agent);
            }
        }
    }
}
