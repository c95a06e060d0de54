package dev.vigil.bench;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.vigil.media.Gstreamer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Promise;
import org.freedesktop.gstreamer.SDPMessage;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCICEGatheringState;
import org.freedesktop.gstreamer.webrtc.WebRTCSDPType;
import org.freedesktop.gstreamer.webrtc.WebRTCSessionDescription;

/**
 * A browser stand-in for the load generator: sends an already encoded clip (H.264 in MP4 or VP8 in
 * WebM) over webrtcbin in real time, without re-encoding, so that sixteen senders cost the machine
 * little next to the server they load. Negotiates like {@link WebRtcSender}: full ICE gathering on
 * 127.0.0.1, offer POSTed to /api/offer, answer applied. UPnP off.
 */
final class ClipSender implements AutoCloseable {
    enum Codec { VP8, H264 }

    private final Pipeline pipeline;
    private final WebRTCBin webrtc;
    private final List<Object> keep = new CopyOnWriteArrayList<>();
    private JsonObject answer;

    ClipSender(Path clip, Codec codec) {
        Gstreamer.init();
        String location = clip.toAbsolutePath().toString();
        String send = switch (codec) {
            case H264 -> "qtdemux ! h264parse config-interval=-1 ! clocksync ! rtph264pay config-interval=-1 pt=102"
                    + " ! application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000";
            case VP8 -> "matroskademux ! clocksync ! rtpvp8pay pt=96"
                    + " ! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000";
        };
        pipeline = (Pipeline) Gst.parseLaunch("filesrc location=\"" + location + "\" ! " + send
                + " ! webrtcbin name=sender bundle-policy=max-bundle");
        webrtc = (WebRTCBin) pipeline.getElementByName("sender");
        Bin.DEEP_ELEMENT_ADDED noUpnp = (top, parent, element) -> disableUpnp(element);
        keep.add(noUpnp);
        pipeline.connect(noUpnp);
        Pointer ice = getObject(Natives.getRawPointer(webrtc), "ice-agent");
        GLib.INSTANCE.g_signal_emit_by_name(ice, "add-local-ip-address", "127.0.0.1", new PointerByReference());
        GLib.INSTANCE.g_object_unref(ice);
    }

    /** Gathers, POSTs the offer, applies the answer; returns the server's reply. */
    HttpResponse<String> connect(String baseUrl, String userId, JsonObject metadata) throws Exception {
        pipeline.play();
        Structure reply = await("create-offer", null);
        WebRTCSessionDescription offer = (WebRTCSessionDescription) reply.getValue("offer");
        await("set-local-description", offer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (webrtc.getICEGatheringState() != WebRTCICEGatheringState.COMPLETE && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        String sdp = webrtc.getLocalDescription().getSDPMessage().toString();
        JsonObject body = Json.createObjectBuilder().add("sdp", sdp).add("type", "offer").add("user_id", userId)
                .add("stream_metadata", metadata).build();
        HttpResponse<String> response = WebRtcSender.post(baseUrl + "/api/offer", body.toString());
        if (response.statusCode() == 200) {
            answer = Json.createReader(new StringReader(response.body())).readObject();
            SDPMessage message = new SDPMessage();
            message.parseBuffer(answer.getString("sdp"));
            await("set-remote-description", new WebRTCSessionDescription(WebRTCSDPType.ANSWER, message));
        }
        return response;
    }

    String streamId() {
        return answer.getString("stream_id");
    }

    private Structure await(String signal, Object argument) throws Exception {
        CompletableFuture<Promise> done = new CompletableFuture<>();
        Promise.PROMISE_CHANGE onChange = done::complete;
        Promise promise = new Promise(onChange);
        keep.add(onChange);
        keep.add(promise);
        if (argument instanceof WebRTCSessionDescription description) {
            description.disown();
        }
        webrtc.emit(signal, argument, promise);
        Promise replied = done.get(15, TimeUnit.SECONDS);
        return signal.startsWith("create-") ? replied.getReply() : null;
    }

    private static void disableUpnp(Element element) {
        String type = element.getTypeName();
        if (type.equals("GstNiceSrc") || type.equals("GstNiceSink")) {
            Pointer agent = getObject(Natives.getRawPointer(element), "agent");
            if (agent != null) {
                GLib.INSTANCE.g_object_set(agent, "upnp", 0, null);
                GLib.INSTANCE.g_object_unref(agent);
            }
        }
    }

    private static Pointer getObject(Pointer object, String property) {
        PointerByReference value = new PointerByReference();
        GLib.INSTANCE.g_object_get(object, property, value, null);
        return value.getValue();
    }

    /** The GObject calls gst1-java-core does not wrap (the main code's GObjects is package-private). */
    private interface GLib extends Library {
        GLib INSTANCE = Native.load("gobject-2.0", GLib.class);

        void g_object_get(Pointer object, String property, PointerByReference value, Pointer end);

        void g_object_set(Pointer object, String property, int value, Pointer end);

        void g_object_unref(Pointer object);

        void g_signal_emit_by_name(Pointer object, String signal, String argument, PointerByReference result);
    }

    @Override
    public void close() {
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
        keep.clear();
    }
}
