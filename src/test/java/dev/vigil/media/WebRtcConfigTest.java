package dev.vigil.media;

import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebRtcConfigTest {

    @Test
    void anOverridingValueReplacesTheYamlList() {
        // What an environment variable such as VIGIL_WEBRTC_LOCAL_dash_ADDRESSES=127.0.0.1,::1 gives.
        WebRtcConfig config = WebRtcConfig.from(configWith(Map.of("vigil.webrtc.local-addresses", "127.0.0.1, ::1")));
        assertEquals(List.of("127.0.0.1", "::1"), config.localAddresses());
    }

    @Test
    void defaultsComeFromTheYaml() {
        WebRtcConfig config = WebRtcConfig.from(configWith(Map.of()));
        assertEquals(List.of(), config.localAddresses());
        assertEquals(List.of(), config.iceServers());
        assertEquals(2500, config.maxBitrateKbps());
    }

    @Test
    void iceServersAreReadAsBrowsersWriteThem() {
        WebRtcConfig config = WebRtcConfig.from(configWith(Map.of(
                "vigil.webrtc.ice-servers.0.urls.0", "stun:stun.example.org:3478",
                "vigil.webrtc.ice-servers.1.urls.0", "turn:turn.example.org:3478?transport=udp",
                "vigil.webrtc.ice-servers.1.username", "user",
                "vigil.webrtc.ice-servers.1.credential", "p@ss")));
        assertEquals(2, config.iceServers().size());
        assertEquals("stun://stun.example.org:3478", config.iceServers().get(0).webrtcbinStunUrl());
        assertEquals("turn://user:p%40ss@turn.example.org:3478?transport=udp", config.iceServers().get(1).webrtcbinTurnUrl());
    }

    private static Config configWith(Map<String, String> overrides) {
        return Config.builder()
                .sources(ConfigSources.create(overrides), ConfigSources.classpath("application.yaml"))
                .disableEnvironmentVariablesSource().disableSystemPropertiesSource().build()
                .get("vigil.webrtc");
    }
}
