package dev.vigil.media;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.jna.Pointer;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCPeerConnectionState;
import org.freedesktop.gstreamer.webrtc.WebRTCSDPType;

/**
 * The server end of one browser's WebRTC video: a webrtcbin pipeline that answers the offer
 * (non-trickle: the answer carries every gathered candidate) and delivers decoded frames.
 */
public final class WebRtcReceiver implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebRtcReceiver.class.getName());
    private static final Duration NEGOTIATION_STEP = Duration.ofSeconds(10);

    /** What a receiver tells its owner; called on GStreamer threads, so implementations return fast. */
    public interface Listener {
        void onFrame(Frame frame);

        /** decodebin chose the element that decodes the video (its factory name). */
        default void onDecoder(String decoder) {
        }

        /** The media failed for good; the owner closes the receiver (from its own thread). */
        void onFailure(String reason);
    }

    private final Pipeline pipeline;
    private final WebRTCBin webrtc;
    private final Listener listener;
    private final String frameSinkDescription;
    /** JNA callbacks and promises must stay reachable until GStreamer is done with them. */
    private final List<Object> nativeCallbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong frameNumber = new AtomicLong();
    /** One frame being filled, one waiting for the analysis, one being analysed, one spare. */
    private final FramePool framePool = new FramePool(4);
    private final AtomicBoolean videoLinked = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String answerSdp;
    /** The video decoder decodebin chose (its element factory's name), null until it has. */
    private volatile String decoder;

    private WebRtcReceiver(Pipeline pipeline, Listener listener, String frameSinkDescription) {
        this.pipeline = pipeline;
        this.webrtc = (WebRTCBin) pipeline.getElementByName("webrtc");
        this.listener = listener;
        this.frameSinkDescription = frameSinkDescription;
    }

    /**
     * Builds the pipeline and negotiates: offer in, answer with gathered candidates out. On any
     * failure the half-built pipeline is torn down before the exception leaves.
     */
    public static WebRtcReceiver answer(String offerSdp, WebRtcConfig config, PipelineTemplates templates,
                                        Listener listener) throws InvalidOfferException, MediaException {
        String offer = Sdp.sanitizeOffer(offerSdp);
        Gstreamer.init();
        Pipeline pipeline = templates.launch("webrtc-receive",
                Map.of("latency_ms", Integer.toString(config.latencyMillis())));
        WebRtcReceiver receiver = new WebRtcReceiver(pipeline, listener, templates.render("frame-sink", Map.of()));
        try {
            receiver.negotiate(offer, config);
            return receiver;
        } catch (MediaException | RuntimeException e) {
            receiver.close();
            throw e;
        }
    }

    public String answerSdp() {
        return answerSdp;
    }

    public long framesDecoded() {
        return frameNumber.get();
    }

    /** The element decoding the video (e.g. avdec_h264, vah264dec), null before decodebin picked one. */
    public String decoder() {
        return decoder;
    }

    public WebRTCPeerConnectionState connectionState() {
        return closed.get() ? WebRTCPeerConnectionState.CLOSED : webrtc.getConnectionState();
    }

    private void negotiate(String offer, WebRtcConfig config) throws MediaException {
        Bin.DEEP_ELEMENT_ADDED disableUpnp = (topBin, parent, element) -> {
            WebRtcBins.disableUpnp(element);
            noteDecoder(element);
        };
        Element.PAD_ADDED onPad = (element, pad) -> onIncomingPad(pad);
        Bus.ERROR onError = (source, code, message) -> fail("media error from " + source.getName() + ": " + message);
        nativeCallbacks.addAll(List.of(disableUpnp, onPad, onError));
        pipeline.connect(disableUpnp);
        webrtc.connect(onPad);
        pipeline.getBus().connect(onError);
        configureIce(config);

        if (pipeline.play() == org.freedesktop.gstreamer.StateChangeReturn.FAILURE) {
            throw new MediaException("the WebRTC pipeline did not start");
        }
        WebRtcBins.emitAndAwait(webrtc, "set-remote-description",
                WebRtcBins.description(WebRTCSDPType.OFFER, offer), NEGOTIATION_STEP);
        Structure reply = WebRtcBins.emitAndAwait(webrtc, "create-answer", null, NEGOTIATION_STEP);
        if (WebRtcBins.isEmpty(reply, "answer")) {
            // webrtcbin 1.22 has replied an empty answer (no error) to a browser's offer it answers fine every other
            // time (once in many CI runs): ask once more before refusing the stream.
            LOG.warning("webrtcbin made an empty answer; asking again");
            reply = WebRtcBins.emitAndAwait(webrtc, "create-answer", null, NEGOTIATION_STEP);
        }
        WebRtcBins.emitAndAwait(webrtc, "set-local-description", WebRtcBins.fromReply(reply, "answer"), NEGOTIATION_STEP);
        WebRtcBins.awaitGathering(webrtc, config.gatheringTimeout());
        String sdp = webrtc.getLocalDescription().getSDPMessage().toString();
        answerSdp = Sdp.addBitrateHints(sdp, config.minBitrateKbps(), config.startBitrateKbps(), config.maxBitrateKbps());
    }

    private void configureIce(WebRtcConfig config) {
        config.iceServers().stream().map(IceServer::webrtcbinStunUrl).filter(url -> url != null)
                .findFirst().ifPresent(webrtc::setStunServer);
        config.iceServers().stream().map(IceServer::webrtcbinTurnUrl).filter(url -> url != null)
                .findFirst().ifPresent(webrtc::setTurnServer);
        if (config.minPort() > 0) {
            Pointer ice = GObjects.getObject(Natives.getRawPointer(webrtc), "ice-agent");
            try {
                GObjects.setInt(ice, "max-rtp-port", config.maxPort() > 0 ? config.maxPort() : 65535);
                GObjects.setInt(ice, "min-rtp-port", config.minPort());
            } finally {
                GObjects.unref(ice);
            }
        }
        WebRtcBins.restrictLocalAddresses(webrtc, config.localAddresses());
    }

    private void noteDecoder(Element element) {
        ElementFactory factory = element.getFactory();
        if (factory != null && Decoders.isVideoDecoder(factory)) {
            String name = factory.getName();
            decoder = name;
            listener.onDecoder(name);
        }
    }

    private void onIncomingPad(Pad pad) {
        if (closed.get() || !pad.getName().startsWith("src")) {
            return;
        }
        Caps caps = pad.getCurrentCaps();
        String media = caps == null ? "" : String.valueOf(caps.getStructure(0).getString("media"));
        try {
            if (media.equals("video") && videoLinked.compareAndSet(false, true)) {
                Element queue = ElementFactory.make("queue", null);
                Element decodebin = ElementFactory.make("decodebin", null);
                Element.PAD_ADDED onDecoded = (element, decodedPad) -> onDecodedPad(decodedPad);
                nativeCallbacks.add(onDecoded);
                decodebin.connect(onDecoded);
                pipeline.addMany(queue, decodebin);
                queue.link(decodebin);
                queue.syncStateWithParent();
                decodebin.syncStateWithParent();
                pad.link(queue.getStaticPad("sink"));
            } else {
                // Audio, or a second video track: consumed and dropped so webrtcbin does not stall.
                Element sink = ElementFactory.make("fakesink", null);
                sink.set("async", false);
                pipeline.add(sink);
                sink.syncStateWithParent();
                pad.link(sink.getStaticPad("sink"));
            }
        } catch (RuntimeException e) {
            fail("cannot link incoming " + media + " track: " + e.getMessage());
        }
    }

    private void onDecodedPad(Pad pad) {
        Caps caps = pad.getCurrentCaps();
        if (closed.get() || caps == null || !caps.getStructure(0).getName().startsWith("video/")) {
            return;
        }
        try {
            Bin frameSink = Gst.parseBinFromDescription(frameSinkDescription, true);
            AppSink appSink = (AppSink) frameSink.getElementByName("frames");
            AppSink.NEW_SAMPLE onSample = sink -> {
                if (!closed.get()) {
                    listener.onFrame(I420Frames.copy(sink.pullSample(), frameNumber.incrementAndGet(), framePool));
                } else {
                    sink.pullSample().dispose();
                }
                return FlowReturn.OK;
            };
            nativeCallbacks.add(onSample);
            appSink.connect(onSample);
            pipeline.add(frameSink);
            frameSink.syncStateWithParent();
            pad.link(frameSink.getStaticPad("sink"));
        } catch (RuntimeException e) {
            fail("cannot decode the video track: " + e.getMessage());
        }
    }

    private void fail(String reason) {
        if (!closed.get()) {
            LOG.log(Level.FINE, reason);
            listener.onFailure(reason);
        }
    }

    /** Stops the pipeline and frees it; safe to call more than once, never from a GStreamer thread. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pipeline.setState(State.NULL);
            pipeline.getState(TimeUnit.SECONDS.toNanos(5));
            pipeline.dispose();
            nativeCallbacks.clear();
        }
    }
}
