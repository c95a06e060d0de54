package dev.vigil.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.PluginFeature;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StaticPadTemplate;

/**
 * Which video decoders {@code decodebin} picks, set through plugin feature ranks (process-wide, as
 * GStreamer's registry is): {@code auto} keeps GStreamer's ranks but takes out hardware decoders
 * that could not decode a few frames in a probe at start; {@code software} takes out every
 * hardware decoder; an ordered list of element names ranks those present above everything else, in
 * that order (absent ones are logged and skipped), so decodebin tries them first.
 */
public final class Decoders {
    private static final Logger LOG = Logger.getLogger(Decoders.class.getName());
    private static final int PREFERRED_RANK = PluginFeature.Rank.PRIMARY.intValue() + 100;
    /** Ranks as GStreamer had them before Vigil changed any, so a new policy starts from them. */
    private static final Map<String, Integer> ORIGINAL_RANKS = new HashMap<>();
    /** Software encoders used to make a probe's few frames, by the caps a decoder takes. */
    private static final Map<String, String> PROBE_ENCODERS = Map.of(
            "video/x-h264", "x264enc speed-preset=ultrafast tune=zerolatency ! video/x-h264,profile=constrained-baseline ! h264parse",
            "video/x-h265", "x265enc speed-preset=ultrafast tune=zerolatency ! h265parse",
            "video/x-vp8", "vp8enc deadline=1",
            "video/x-vp9", "vp9enc deadline=1",
            "video/x-av1", "av1enc usage-profile=realtime cpu-used=8 ! av1parse");

    /** What browsers send over WebRTC. */
    private static final List<String> BROWSER_CODECS = List.of("video/x-h264", "video/x-vp8", "video/x-vp9", "video/x-av1", "video/x-h265");

    /** One video decoder GStreamer has. */
    public record Available(String name, List<String> codecs, boolean hardware, int rank) {
    }

    private Decoders() {
    }

    /** Applies a policy: "auto", "software", or element names in order of preference. */
    public static synchronized void apply(List<String> policy) {
        Gstreamer.init();
        restoreRanks();
        List<String> names = policy.isEmpty() ? List.of("auto") : policy;
        if (names.size() == 1 && names.getFirst().equals("auto")) {
            for (ElementFactory factory : videoDecoderFactories()) {
                if (hardware(factory) && !probe(factory.getName())) {
                    setRank(factory, PluginFeature.Rank.NONE.intValue());
                    LOG.info(() -> "decoder " + factory.getName() + " did not decode in the start-up probe; not used");
                }
            }
        } else if (names.size() == 1 && names.getFirst().equals("software")) {
            for (ElementFactory factory : videoDecoderFactories()) {
                if (hardware(factory)) {
                    setRank(factory, PluginFeature.Rank.NONE.intValue());
                }
            }
        } else {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                ElementFactory factory = find(name);
                if (factory == null) {
                    LOG.info(() -> "decoder " + name + " is not installed; skipped");
                    continue;
                }
                setRank(factory, PREFERRED_RANK + names.size() - i);
            }
        }
        LOG.info(() -> "video decoders decodebin tries first: " + available().stream()
                .filter(d -> d.rank() >= PluginFeature.Rank.MARGINAL.intValue())
                .filter(d -> d.codecs().stream().anyMatch(BROWSER_CODECS::contains))
                .map(Available::name).toList());
    }

    /** Video decoders present, highest rank first (rank below marginal: decodebin never picks them). */
    public static synchronized List<Available> available() {
        Gstreamer.init();
        return videoDecoderFactories().stream()
                .map(factory -> new Available(factory.getName(), codecs(factory), hardware(factory), factory.getRank()))
                .sorted(Comparator.comparingInt(Available::rank).reversed().thenComparing(Available::name))
                .toList();
    }

    /**
     * Decodes a few frames that a software encoder made with the named decoder; true when they came
     * out. Where no encoder for its codec is installed, the decoder is trusted as it is.
     */
    public static boolean probe(String decoder) {
        ElementFactory factory = find(decoder);
        if (factory == null) {
            return false;
        }
        String encoder = codecs(factory).stream().map(PROBE_ENCODERS::get).filter(e -> e != null)
                .filter(e -> find(e.split(" ")[0]) != null).findFirst().orElse(null);
        if (encoder == null) {
            return true;
        }
        Pipeline pipeline;
        try {
            pipeline = (Pipeline) Gst.parseLaunch("videotestsrc num-buffers=10 ! video/x-raw,width=320,height=240,framerate=30/1 ! "
                    + encoder + " ! " + decoder + " ! fakesink name=out signal-handoffs=false");
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "probe pipeline for " + decoder + " failed: " + e.getMessage());
            return false;
        }
        java.util.concurrent.CompletableFuture<Boolean> result = new java.util.concurrent.CompletableFuture<>();
        Bus.EOS onEos = source -> result.complete(true);
        Bus.ERROR onError = (source, code, message) -> {
            LOG.info(() -> "probe of " + decoder + ": " + message);
            result.complete(false);
        };
        pipeline.getBus().connect(onEos);
        pipeline.getBus().connect(onError);
        try {
            pipeline.play();
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        } finally {
            pipeline.setState(State.NULL);
            pipeline.getState(TimeUnit.SECONDS.toNanos(5));
            pipeline.getBus().disconnect(onEos);
            pipeline.getBus().disconnect(onError);
            pipeline.dispose();
        }
    }

    /** Whether an element made by this factory decodes video (what a stream's listing reports). */
    public static boolean isVideoDecoder(ElementFactory factory) {
        String klass = factory.getKlass();
        return klass.contains("Decoder") && klass.contains("Video") && !klass.contains("Bin");
    }

    private static List<ElementFactory> videoDecoderFactories() {
        List<ElementFactory> decoders = new ArrayList<>();
        for (ElementFactory factory : ElementFactory.listGetElements(ElementFactory.ListType.DECODER, PluginFeature.Rank.NONE)) {
            if (isVideoDecoder(factory) && !alphaOnly(factory)) {
                decoders.add(factory);
            }
        }
        return decoders;
    }

    /** vp8alphadecodebin and the like: they take only streams with an alpha channel, which browsers never send. */
    private static boolean alphaOnly(ElementFactory factory) {
        boolean any = false;
        for (StaticPadTemplate template : factory.getStaticPadTemplates()) {
            if (template.getDirection() == PadDirection.SINK) {
                for (int i = 0; i < template.getCaps().size(); i++) {
                    any = true;
                    if (!template.getCaps().getStructure(i).hasField("codec-alpha")) {
                        return false;
                    }
                }
            }
        }
        return any;
    }

    /** GStreamer marks VA-API, NVDEC, V4L2, Quick Sync ... decoders "Hardware" in their class. */
    private static boolean hardware(ElementFactory factory) {
        return factory.getKlass().contains("Hardware");
    }

    private static List<String> codecs(ElementFactory factory) {
        List<String> codecs = new ArrayList<>();
        for (StaticPadTemplate template : factory.getStaticPadTemplates()) {
            if (template.getDirection() == PadDirection.SINK) {
                for (int i = 0; i < template.getCaps().size(); i++) {
                    String name = template.getCaps().getStructure(i).getName();
                    if (!codecs.contains(name)) {
                        codecs.add(name);
                    }
                }
            }
        }
        return codecs;
    }

    /** The element factory of that name, null when it is not installed. */
    public static ElementFactory find(String name) {
        try {
            return ElementFactory.find(name);
        } catch (IllegalArgumentException e) { // gst1-java-core's answer for "no such factory"
            return null;
        }
    }

    private static void setRank(ElementFactory factory, int rank) {
        ORIGINAL_RANKS.putIfAbsent(factory.getName(), factory.getRank());
        factory.setRank(rank);
    }

    private static void restoreRanks() {
        ORIGINAL_RANKS.forEach((name, rank) -> {
            ElementFactory factory = find(name);
            if (factory != null) {
                factory.setRank(rank);
            }
        });
        ORIGINAL_RANKS.clear();
    }
}
