package dev.vigil.vision;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoseModelConfigTest {

    @Test
    void readsItsSection() {
        Config config = Config.just(ConfigSources.create(Map.of(
                "pose.model-path", "/opt/models/pose.onnx",
                "pose.intra-op-threads", "2",
                "pose.inter-op-threads", "3",
                "pose.input-size", "320",
                "pose.min-person-score", "0.15")));

        assertEquals(new PoseModelConfig(Path.of("/opt/models/pose.onnx"), 2, 3, 320, 0.15),
                PoseModelConfig.from(config.get("pose")));
    }

    @Test
    void missingKeysTakeTheDefaults() {
        Config config = Config.just(ConfigSources.create(Map.of("other.key", "x")));

        PoseModelConfig pose = PoseModelConfig.from(config.get("pose"));

        assertEquals(PoseModelConfig.defaults(), pose);
        assertEquals(Path.of("models/movenet-multipose-lightning.onnx"), pose.modelPath());
        assertEquals(256, pose.inputSize());
        assertEquals(0.2, pose.minPersonScore());
    }

    @Test
    void rejectsAnInputSizeTheModelCannotTake() {
        Config config = Config.just(ConfigSources.create(Map.of("pose.input-size", "250")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoseModelConfig.from(config.get("pose")));
        assertTrue(e.getMessage().contains("input-size"), e.getMessage());
    }
}
