package dev.vigil.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoFileSourceTest {

    @Test
    void decodesEveryFrameInOrderAsPackedRgb(@TempDir Path dir) throws Exception {
        // 642 wide: GStreamer pads RGB rows to 4 bytes, so this checks the stride handling too.
        Path clip = TestVideos.pattern(dir, 642, 360, 24);
        List<Frame> frames = new ArrayList<>();
        try (VideoFileSource source = VideoFileSource.open(clip)) {
            source.forEachFrame(frames::add);
        }
        assertEquals(24, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertEquals(i + 1, frame.frameNumber());
            assertEquals(642, frame.width());
            assertEquals(360, frame.height());
            assertEquals(642 * 360 * 3, frame.rgb().length);
            if (i > 0) {
                assertTrue(frame.ptsNanos() > frames.get(i - 1).ptsNanos(), "timestamps rise");
            }
        }
        // The ball pattern is mostly black with a white ball: the picture must not be empty.
        byte[] rgb = frames.getFirst().rgb();
        long bright = 0;
        for (byte value : rgb) {
            bright += (value & 0xff) > 200 ? 1 : 0;
        }
        assertTrue(bright > 100 && bright < rgb.length / 2, "a ball on black, got " + bright + " bright bytes");
    }

    @Test
    void reportsAFileThatIsNotVideo(@TempDir Path dir) throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        try (VideoFileSource source = VideoFileSource.open(notVideo)) {
            assertThrows(IllegalStateException.class, () -> source.forEachFrame(frame -> { }));
        }
    }
}
