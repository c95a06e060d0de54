package dev.vigil.media;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.TestServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * vigil.media.decoders with the software decoders installed here (two per codec: openh264dec and
 * avdec_h264 for H.264, vp8dec and avdec_vp8 for VP8): the preferred one decodes the live stream and
 * is reported in the listing, /metrics and /api/config; a preferred element that is absent is
 * skipped; auto keeps GStreamer's own choice.
 */
class DecoderChoiceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ParameterizedTest(name = "{0} with [{1}] is decoded by {2}")
    @CsvSource(delimiter = ';', value = {
            "H264; openh264dec,avdec_h264; openh264dec",
            "H264; avdec_h264,openh264dec; avdec_h264",
            "VP8; avdec_vp8,vp8dec; avdec_vp8",
            "VP8; vp8dec,avdec_vp8; vp8dec",
            "H264; nvh264dec,vah264dec,openh264dec; openh264dec",
            "VP8; vavp8dec,avdec_vp8; avdec_vp8",
            "H264; auto; avdec_h264",
            "VP8; auto; vp8dec"})
    void thePreferredDecoderPresentDecodesTheStreamAndIsReported(WebRtcSender.Codec codec, String preference,
                                                                 String expected) throws Exception {
        assumeTrue(isInstalled(expected), expected + " installed");
        try (TestServer server = new TestServer(Map.of("vigil.media.decoders", preference, "vigil.analysis.enabled", "false"));
             WebRtcSender sender = WebRtcSender.testPattern(codec, 320, 240)) {
            String user = "decoder_user";
            assertEquals(200, sender.connect(server.baseUrl(), user, JsonObject.EMPTY_JSON_OBJECT).statusCode());
            TestServer.await("frames decoded", DEADLINE,
                    () -> entry(server, user, sender.streamId()).getJsonNumber("frames_decoded").longValue() > 10);
            JsonObject listed = entry(server, user, sender.streamId());
            assertEquals(expected, listed.getString("decoder"));
            assertEquals(320, listed.getInt("width"));

            String metrics = server.get("/metrics").body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("vigil_stream_decoder{")
                            && line.contains("decoder=\"" + expected + "\"") && line.contains(sender.streamId())
                            && line.endsWith(" 1.0")), metrics);

            List<JsonObject> decoders = server.getJson("/api/config").getJsonArray("decoders").getValuesAs(JsonObject.class);
            List<String> usableForCodec = decoders.stream()
                    .filter(d -> d.getBoolean("usable"))
                    .filter(d -> d.getJsonArray("codecs").toString().contains(codec == WebRtcSender.Codec.H264 ? "video/x-h264" : "video/x-vp8"))
                    .map(d -> d.getString("name")).toList();
            assertEquals(expected, usableForCodec.getFirst(), "decoders in rank order: " + usableForCodec);
            assertFalse(decoders.stream().anyMatch(d -> d.getString("name").startsWith("nv")), "absent ones are not listed");
        }
    }

    @Test
    void theStartUpProbeDecodesAFewFramesWithWhatIsInstalled() {
        Gstreamer.init();
        assertTrue(Decoders.probe("avdec_h264"));
        assertTrue(Decoders.probe("vp8dec"));
        assertFalse(Decoders.probe("nvh264dec_not_installed"));
    }

    private static boolean isInstalled(String name) {
        Gstreamer.init();
        return Decoders.find(name) != null;
    }

    private static JsonObject entry(TestServer server, String user, String streamId) {
        try {
            return server.streamEntry(user, streamId);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
