package dev.vigil.anomaly;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnomalyConfigTest {

    @Test
    void missingKeysKeepTheirDefaults() {
        assertEquals(AnomalyConfig.defaults(), AnomalyConfig.from(Config.empty()));
    }

    @Test
    void readsEveryKindOfKeyIncludingNestedSections() {
        AnomalyConfig c = AnomalyConfig.from(Config.just(ConfigSources.create(Map.of(
                "lying-seconds", "5",
                "running-speed", "2.2",
                "loitering-seconds", "120",
                "cooldown-seconds", "10",
                "tracker.max-gap-seconds", "2",
                "tracker.confirm-hits", "4",
                "normality.enabled", "false",
                "normality.warmup-samples", "100"))));
        assertEquals(5, c.lyingSeconds());
        assertEquals(2.2, c.runningSpeed());
        assertEquals(120, c.loiteringSeconds());
        assertEquals(10, c.cooldownSeconds());
        assertEquals(2, c.tracker().maxGapSeconds());
        assertEquals(4, c.tracker().confirmHits());
        assertEquals(false, c.normality().enabled());
        assertEquals(100, c.normality().warmupSamples());
        assertEquals(AnomalyConfig.defaults().fallHipDrop(), c.fallHipDrop());
    }

    @Test
    void theDocumentedYamlIsTheDefaults() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "ANOMALY.md"));
        int start = doc.indexOf("vigil:\n  anomaly:");
        String yaml = doc.substring(start, doc.indexOf("```", start));
        Config config = Config.just(ConfigSources.create(yaml, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML));
        assertEquals(AnomalyConfig.defaults(), AnomalyConfig.from(config.get("vigil.anomaly")));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> AnomalyConfig.from(Config.just(ConfigSources.create(
                Map.of("upright-max-degrees", "70")))));
        assertThrows(IllegalArgumentException.class, () -> AnomalyConfig.from(Config.just(ConfigSources.create(
                Map.of("lying-seconds", "0")))));
    }
}
