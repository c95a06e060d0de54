package dev.vigil.media;

import java.time.Duration;
import java.util.List;

import io.helidon.config.Config;

/**
 * How the server side of each WebRTC connection is set up.
 *
 * @param iceServers         STUN/TURN servers, also handed to browsers by /api/config; none by default
 * @param minPort            lowest local UDP port for ICE, 0 for any
 * @param maxPort            highest local UDP port for ICE, 0 for any
 * @param localAddresses     restrict ICE host candidates to these addresses (e.g. 127.0.0.1 in tests); empty for all
 * @param gatheringTimeout   how long an answer waits for ICE gathering to complete before it is sent with what was gathered
 * @param latencyMillis      jitter buffer of webrtcbin
 * @param minBitrateKbps     bitrate hints written into the answer so browsers do not start (and stay) at a tiny resolution
 * @param startBitrateKbps   see minBitrateKbps
 * @param maxBitrateKbps     see minBitrateKbps; 0 leaves the answer untouched
 */
public record WebRtcConfig(List<IceServer> iceServers,
                           int minPort,
                           int maxPort,
                           List<String> localAddresses,
                           Duration gatheringTimeout,
                           int latencyMillis,
                           int minBitrateKbps,
                           int startBitrateKbps,
                           int maxBitrateKbps) {

    public WebRtcConfig {
        iceServers = List.copyOf(iceServers);
        localAddresses = List.copyOf(localAddresses);
    }

    public static WebRtcConfig defaults() {
        return new WebRtcConfig(List.of(), 0, 0, List.of(), Duration.ofSeconds(3), 200, 300, 1000, 2500);
    }

    public static WebRtcConfig from(Config node) {
        WebRtcConfig d = defaults();
        List<IceServer> servers = node.get("ice-servers").asNodeList().orElse(List.of()).stream()
                .map(server -> new IceServer(
                        server.get("urls").asList(String.class).orElseGet(
                                () -> server.get("urls").asString().map(List::of).orElse(List.of())),
                        server.get("username").asString().orElse(null),
                        server.get("credential").asString().orElse(null)))
                .toList();
        return new WebRtcConfig(servers,
                node.get("min-port").asInt().orElse(d.minPort()),
                node.get("max-port").asInt().orElse(d.maxPort()),
                stringList(node.get("local-addresses")),
                node.get("gathering-timeout").as(Duration.class).orElse(d.gatheringTimeout()),
                node.get("latency-ms").asInt().orElse(d.latencyMillis()),
                node.get("min-bitrate-kbps").asInt().orElse(d.minBitrateKbps()),
                node.get("start-bitrate-kbps").asInt().orElse(d.startBitrateKbps()),
                node.get("max-bitrate-kbps").asInt().orElse(d.maxBitrateKbps()));
    }

    /**
     * A list of strings from YAML ([a, b]) or from one value "a,b", as environment variables
     * carry lists. An overriding value wins over the YAML list it replaces.
     */
    public static List<String> stringList(Config node) {
        if (node.hasValue()) {
            return java.util.Arrays.stream(node.asString().get().split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return node.asList(String.class).orElse(List.of());
    }
}
