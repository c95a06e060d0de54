package dev.vigil.media;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text edits Vigil makes to offers and answers. */
public final class Sdp {
    private static final Pattern RTPMAP = Pattern.compile("^a=rtpmap:(\\d+) ([^/]+)/.*");
    private static final Pattern FMTP = Pattern.compile("^a=fmtp:(\\d+) .*");

    private Sdp() {
    }

    /**
     * Checks that an offer can be answered and removes mDNS ".local" candidates: resolving them
     * would send multicast DNS queries off the machine; the connection still forms through
     * peer-reflexive candidates.
     */
    public static String sanitizeOffer(String sdp) throws InvalidOfferException {
        List<String> lines = lines(sdp);
        if (lines.isEmpty() || !lines.getFirst().equals("v=0")) {
            throw new InvalidOfferException("sdp is not a session description: it must start with v=0");
        }
        boolean video = false;
        boolean ufrag = false;
        boolean fingerprint = false;
        List<String> kept = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new InvalidOfferException("sdp line is malformed: " + abbreviate(line));
            }
            video |= line.startsWith("m=video ");
            ufrag |= line.startsWith("a=ice-ufrag:");
            fingerprint |= line.startsWith("a=fingerprint:");
            if (line.startsWith("a=candidate:") && line.contains(".local ")) {
                continue;
            }
            kept.add(line);
        }
        if (!video) {
            throw new InvalidOfferException("sdp offers no video (no m=video line)");
        }
        if (!ufrag || !fingerprint) {
            throw new InvalidOfferException("sdp lacks ICE credentials or a DTLS fingerprint; send a WebRTC offer");
        }
        return String.join("\r\n", kept) + "\r\n";
    }

    /**
     * Adds x-google bitrate hints to every video payload of an answer. Without transport-wide
     * congestion feedback from webrtcbin, Chrome otherwise settles at 320x240.
     */
    public static String addBitrateHints(String sdp, int minKbps, int startKbps, int maxKbps) {
        if (maxKbps <= 0) {
            return sdp;
        }
        String hints = "x-google-min-bitrate=" + minKbps + ";x-google-start-bitrate=" + startKbps
                + ";x-google-max-bitrate=" + maxKbps;
        List<String> lines = lines(sdp);
        Set<String> videoPayloads = new LinkedHashSet<>();
        Set<String> withFmtp = new LinkedHashSet<>();
        boolean inVideo = false;
        for (String line : lines) {
            if (line.startsWith("m=")) {
                inVideo = line.startsWith("m=video ");
            } else if (inVideo) {
                Matcher rtpmap = RTPMAP.matcher(line);
                if (rtpmap.matches() && isCodec(rtpmap.group(2))) {
                    videoPayloads.add(rtpmap.group(1));
                }
                Matcher fmtp = FMTP.matcher(line);
                if (fmtp.matches()) {
                    withFmtp.add(fmtp.group(1));
                }
            }
        }
        List<String> out = new ArrayList<>(lines.size() + videoPayloads.size());
        inVideo = false;
        for (String line : lines) {
            if (line.startsWith("m=")) {
                inVideo = line.startsWith("m=video ");
            }
            Matcher fmtp = FMTP.matcher(line);
            if (inVideo && fmtp.matches() && videoPayloads.contains(fmtp.group(1))) {
                out.add(line + ";" + hints);
                continue;
            }
            out.add(line);
            Matcher rtpmap = RTPMAP.matcher(line);
            if (inVideo && rtpmap.matches() && videoPayloads.contains(rtpmap.group(1))
                    && !withFmtp.contains(rtpmap.group(1))) {
                out.add("a=fmtp:" + rtpmap.group(1) + " " + hints);
            }
        }
        return String.join("\r\n", out) + "\r\n";
    }

    private static boolean isCodec(String encoding) {
        String name = encoding.toUpperCase();
        return !name.equals("RTX") && !name.equals("RED") && !name.equals("ULPFEC") && !name.equals("FLEXFEC-03");
    }

    private static List<String> lines(String sdp) {
        return sdp.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String abbreviate(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
