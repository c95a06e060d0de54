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
    void decodesEveryFrameInOrderAsI420(@TempDir Path dir) throws Exception {
        // 642 wide: GStreamer pads I420 rows to 4 bytes (644 and 324), so this checks the stride handling too.
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
            assertEquals(642 * 360 + 2 * 321 * 180, frame.i420().length);
            if (i > 0) {
                assertTrue(frame.ptsNanos() > frames.get(i - 1).ptsNanos(), "timestamps rise");
            }
        }
        // The ball pattern is a white ball on black: bright and dark pixels in every row band, no colour,
        // which a plane read with the wrong stride would smear into diagonal garbage and tinted chroma.
        Frame first = frames.getFirst();
        long bright = 0;
        long tinted = 0;
        for (int y = 0; y < first.height(); y++) {
            for (int x = 0; x < first.width(); x++) {
                int rgb = TestFrames.rgbAt(first, x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                bright += Math.min(r, Math.min(g, b)) > 200 ? 1 : 0;
                tinted += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40 ? 1 : 0;
            }
        }
        int pixels = first.width() * first.height();
        assertTrue(bright > 100 && bright < pixels / 2, "a ball on black, got " + bright + " bright pixels");
        assertTrue(tinted < pixels / 100, "grey picture, got " + tinted + " coloured pixels");
    }

    @Test
    void reportsAFileThatIsNotVideo(@TempDir Path dir) throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        try (VideoFileSource source = VideoFileSource.open(notVideo)) {
            assertThrows(IllegalStateException.class, () -> source.forEachFrame(frame -> { }));
        }
    }
}
