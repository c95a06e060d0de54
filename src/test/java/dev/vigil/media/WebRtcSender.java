package dev.vigil.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCSDPType;

/**
 * A WebRTC client built on webrtcbin that sends video to Vigil the way the seed's browser code
 * does: gather ICE fully, POST the offer to /api/offer, apply the answer. ICE is bound to
 * 127.0.0.1 and UPnP is off, so nothing leaves the machine.
 */
public final class WebRtcSender implements AutoCloseable {
    public enum Codec { VP8, H264 }

    private static final Duration STEP = Duration.ofSeconds(15);

    private final Pipeline pipeline;
    private final WebRTCBin webrtc;
    private final List<Object> keep = new CopyOnWriteArrayList<>();
    private JsonObject answer;

    private WebRtcSender(String description) {
        Gstreamer.init();
        pipeline = (Pipeline) Gst.parseLaunch(description);
        webrtc = (WebRTCBin) pipeline.getElementByName("sender");
        Bin.DEEP_ELEMENT_ADDED noUpnp = (top, parent, element) -> WebRtcBins.disableUpnp(element);
        keep.add(noUpnp);
        pipeline.connect(noUpnp);
        WebRtcBins.restrictLocalAddresses(webrtc, List.of("127.0.0.1"));
    }

    /** A live test pattern (no people), for media and API tests. */
    public static WebRtcSender testPattern(Codec codec, int width, int height) {
        return new WebRtcSender("videotestsrc is-live=true pattern=ball ! capsfilter name=size caps=\"" + size(width, height)
                + "\" ! " + encoder(codec) + " ! webrtcbin name=sender bundle-policy=max-bundle");
    }

    /** A photo sent as a live video of a still scene (e.g. a test photo with several people in it). */
    public static WebRtcSender still(Path png, Codec codec) {
        return new WebRtcSender("filesrc location=\"" + png.toAbsolutePath() + "\" ! pngdec ! videoconvert"
                + " ! imagefreeze is-live=true ! video/x-raw,framerate=15/1 ! " + encoder(codec)
                + " ! webrtcbin name=sender bundle-policy=max-bundle");
    }

    /** Switches a test pattern sender to another resolution mid-stream, as browsers do when bandwidth changes. */
    public void resize(int width, int height) {
        pipeline.getElementByName("size").setCaps(Caps.fromString(size(width, height)));
    }

    private static String size(int width, int height) {
        return "video/x-raw,width=" + width + ",height=" + height + ",framerate=15/1";
    }

    /**
     * A recording played in real time, e.g. a fixture with real people. Its first frame is held
     * for a lead-in first: frames sent before ICE and DTLS are up never arrive, and a loaded
     * machine must not make a test miss the start of the clip.
     */
    public static WebRtcSender file(Path clip, Codec codec) {
        String location = "\"" + clip.toAbsolutePath() + "\"";
        int leadInFrames = 4 * 15;
        return new WebRtcSender("concat name=clip ! videoconvert ! videorate ! video/x-raw,framerate=15/1 ! clocksync ! "
                + encoder(codec) + " ! webrtcbin name=sender bundle-policy=max-bundle"
                + "  filesrc location=" + location + " ! decodebin ! videoconvert ! imagefreeze num-buffers=" + leadInFrames
                + " ! video/x-raw,framerate=15/1 ! clip."
                + "  filesrc location=" + location + " ! decodebin ! videoconvert ! clip.");
    }

    /**
     * A clip already encoded for WebRTC (H.264 in MP4, VP8 in WebM) sent as it is, in real time:
     * many senders cost almost nothing, so a load test measures the server, not its senders.
     */
    public static WebRtcSender preEncoded(Path clip, Codec codec) {
        String send = switch (codec) {
            case H264 -> "qtdemux ! h264parse config-interval=-1 ! clocksync ! rtph264pay config-interval=-1 pt=102"
                    + " ! application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000";
            case VP8 -> "matroskademux ! clocksync ! rtpvp8pay pt=96"
                    + " ! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000";
        };
        return new WebRtcSender("filesrc location=\"" + clip.toAbsolutePath() + "\" ! " + send
                + " ! webrtcbin name=sender bundle-policy=max-bundle");
    }

    private static String encoder(Codec codec) {
        return switch (codec) {
            case VP8 -> "vp8enc deadline=1 cpu-used=8 target-bitrate=800000 keyframe-max-dist=30 ! rtpvp8pay pt=96"
                    + " ! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000";
            case H264 -> "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bitrate=800 ! video/x-h264,profile=constrained-baseline"
                    + " ! rtph264pay config-interval=-1 pt=102"
                    + " ! application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000";
        };
    }

    /** The offer SDP with every ICE candidate gathered, as a browser sends it. */
    public String createOffer() throws Exception {
        pipeline.play();
        // webrtcbin offers what its sink pad carries: asking before the encoder's caps have arrived
        // gives an offer without the video (or none at all), and a loaded machine gets there late.
        long deadline = System.nanoTime() + STEP.toNanos();
        while (webrtc.getSinkPads().stream().anyMatch(pad -> pad.getCurrentCaps() == null)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sender's video never reached webrtcbin");
            }
            Thread.sleep(10);
        }
        Structure reply = WebRtcBins.emitAndAwait(webrtc, "create-offer", null, STEP);
        WebRtcBins.emitAndAwait(webrtc, "set-local-description", WebRtcBins.fromReply(reply, "offer"), STEP);
        WebRtcBins.awaitGathering(webrtc, STEP);
        return webrtc.getLocalDescription().getSDPMessage().toString();
    }

    /** POSTs a full offer for the user; returns the server's JSON reply (an answer is applied). */
    public HttpResponse<String> connect(String baseUrl, String userId, JsonObject metadata) throws Exception {
        return post(baseUrl, userId, metadata, createOffer());
    }

    /** POSTs an offer made by {@link #createOffer()} and applies the answer. */
    public HttpResponse<String> post(String baseUrl, String userId, JsonObject metadata, String offer) throws Exception {
        return post(baseUrl, userId, metadata, offer, java.util.Map.of());
    }

    /** As {@link #post(String, String, JsonObject, String)} with extra request headers (credentials). */
    public HttpResponse<String> post(String baseUrl, String userId, JsonObject metadata, String offer,
                                     java.util.Map<String, String> headers) throws Exception {
        JsonObject body = Json.createObjectBuilder()
                .add("sdp", offer).add("type", "offer").add("user_id", userId)
                .add("stream_metadata", metadata).build();
        HttpResponse<String> response = post(baseUrl + "/api/offer", body.toString(), headers);
        if (response.statusCode() == 200) {
            answer = Json.createReader(new StringReader(response.body())).readObject();
            WebRtcBins.emitAndAwait(webrtc, "set-remote-description",
                    WebRtcBins.description(WebRTCSDPType.ANSWER, answer.getString("sdp")), STEP);
        }
        return response;
    }

    public String streamId() {
        return answer.getString("stream_id");
    }

    public static HttpResponse<String> post(String url, String body) throws Exception {
        return post(url, body, java.util.Map.of());
    }

    public static HttpResponse<String> post(String url, String body, java.util.Map<String, String> headers) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            headers.forEach(request::header);
            return client.send(request
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Stops sending at once, without telling the server (like a browser tab that was killed). */
    @Override
    public void close() {
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
        keep.clear();
    }
}
