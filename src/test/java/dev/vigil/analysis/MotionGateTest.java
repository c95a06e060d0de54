package dev.vigil.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.media.Frame;
import dev.vigil.media.VideoFileSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle-scene gate on real footage: camera noise, shake and flicker are still; a person falling is not. */
class MotionGateTest {
    private static List<Frame> standing;
    private static List<Frame> fall;

    @BeforeAll
    static void decode() {
        standing = frames(Path.of("src/test/resources/clips/standing.mp4"));
        fall = frames(Path.of("src/test/resources/clips/fall.mp4"));
    }

    private static List<Frame> frames(Path clip) {
        List<Frame> frames = new ArrayList<>();
        try (VideoFileSource source = VideoFileSource.open(clip)) {
            source.forEachFrame(frames::add);
        }
        return frames;
    }

    @Test
    void noiseShakeAndFlickerOfAStillSceneAreNotMotion() {
        MotionGate gate = new MotionGate();
        gate.remember(standing.get(0));
        // standing.mp4: one photo with +-1.5 px shake, sensor noise and +-2% brightness flicker in every frame
        for (int i = 1; i < standing.size(); i += 7) {
            assertFalse(gate.moved(standing.get(i)), "frame " + i + " of standing.mp4 counted as motion");
        }
    }

    @Test
    void aBrighterPictureIsNotMotion() {
        Frame frame = standing.get(0);
        byte[] brighter = frame.i420().clone();
        for (int i = 0; i < frame.uOffset(); i++) { // the Y plane
            brighter[i] = (byte) Math.min(235, (brighter[i] & 0xff) + 20);
        }
        MotionGate gate = new MotionGate();
        gate.remember(frame);
        assertFalse(gate.moved(new Frame(2, 0, 0, frame.width(), frame.height(), frame.colorimetry(), brighter)));
    }

    @Test
    void aPersonFallingIsMotion() {
        MotionGate gate = new MotionGate();
        gate.remember(fall.get(0)); // standing on the block
        assertTrue(gate.moved(fall.get(15)), "half a second into the fall");
        assertTrue(gate.moved(fall.get(fall.size() - 1)), "lying on the mat, 7 s later");
        assertTrue(gate.moved(standing.get(0)), "another scene altogether");
    }
}
