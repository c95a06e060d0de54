package dev.vigil.media;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A STUN or TURN server as browsers describe it (RTCIceServer): urls like "stun:host:port" or
 * "turn:host:port?transport=udp", with credentials for TURN.
 */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
    }

    /** The first STUN url in webrtcbin's form (stun://host:port), or null. */
    String webrtcbinStunUrl() {
        return urls.stream().filter(url -> url.startsWith("stun:"))
                .map(url -> "stun://" + stripScheme(url)).findFirst().orElse(null);
    }

    /** The first TURN url in webrtcbin's form (turn://user:pass@host:port), or null. */
    String webrtcbinTurnUrl() {
        return urls.stream().filter(url -> url.startsWith("turn:") || url.startsWith("turns:"))
                .map(url -> {
                    String scheme = url.startsWith("turns:") ? "turns://" : "turn://";
                    String auth = username == null ? "" : encode(username) + ":" + encode(credential == null ? "" : credential) + "@";
                    return scheme + auth + stripScheme(url);
                }).findFirst().orElse(null);
    }

    private static String stripScheme(String url) {
        return url.substring(url.indexOf(':') + 1).replaceFirst("^//", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
