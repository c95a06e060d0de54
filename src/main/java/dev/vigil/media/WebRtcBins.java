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
import org.freedesktop.gstreamer.SDPMessage;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCICEGatheringState;
import org.freedesktop.gstreamer.webrtc.WebRTCSDPType;
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
            Reference.reachabilityFence(argument);
            Reference.reachabilityFence(promise);
            Reference.reachabilityFence(onChange);
        }
    }

    /**
     * A session description built from SDP text. The description takes the parsed message over
     * (transfer full), so the message's Java wrapper must not free it too: a collection of that
     * wrapper freed the SDP under webrtcbin's feet and crashed the JVM now and then. webrtcbin
     * copies descriptions it is given, so this one is freed by its own wrapper as usual.
     */
    static WebRTCSessionDescription description(WebRTCSDPType type, String sdp) {
        SDPMessage message = new SDPMessage();
        message.parseBuffer(sdp);
        WebRTCSessionDescription description = new WebRTCSessionDescription(type, message);
        message.disown();
        return description;
    }

    /**
     * The offer or answer in a create-offer / create-answer reply. The reply structure owns it, so
     * its wrapper must not free it; webrtcbin copies it when it is set.
     */
    static WebRTCSessionDescription fromReply(Structure reply, String field) throws MediaException {
        // webrtcbin replies {"error": GError} instead when it cannot (an offer it cannot answer);
        // reading the missing field would trip over the GError in gst1-java-core.
        if (reply == null || !reply.hasField(field)) {
            throw new MediaException("webrtcbin made no " + field + ": " + (reply == null ? "no reply" : reply.toString()));
        }
        Object value = reply.getValue(field);
        if (!(value instanceof WebRTCSessionDescription description)) {
            // not reply.toString(): serialising a NULL description trips GLib assertions
            throw new MediaException("webrtcbin made no " + field + " (an empty one)");
        }
        description.disown();
        return description;
    }

    /** Whether a create-offer / create-answer reply has the field but no description in it (not an error reply). */
    static boolean isEmpty(Structure reply, String field) {
        return reply != null && reply.hasField(field) && !(reply.getValue(field) instanceof WebRTCSessionDescription);
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
