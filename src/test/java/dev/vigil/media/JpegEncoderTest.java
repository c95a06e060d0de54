package dev.vigil.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegEncoderTest {

    @Test
    void encodesFramesOfChangingSizesToFullRangeJpegs() throws Exception {
        try (JpegEncoder encoder = new JpegEncoder(new PipelineTemplates(Path.of("pipelines")), 85)) {
            for (int[] size : new int[][] {{640, 480}, {642, 360}, {640, 480}}) {
                int width = size[0];
                int height = size[1];
                byte[] rgb = new byte[width * height * 3];
                // Left half red, right half blue, a black and a white band at the bottom.
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int i = (y * width + x) * 3;
                        if (y >= height - 40) {
                            byte level = (byte) (x < width / 2 ? 0 : 255);
                            rgb[i] = level;
                            rgb[i + 1] = level;
                            rgb[i + 2] = level;
                        } else {
                            rgb[i] = (byte) (x < width / 2 ? 230 : 0);
                            rgb[i + 2] = (byte) (x < width / 2 ? 0 : 230);
                        }
                    }
                }
                byte[] jpeg = encoder.encode(TestFrames.fromRgb(1, 0, rgb, width, height));
                assertEquals((byte) 0xFF, jpeg[0]);
                assertEquals((byte) 0xD8, jpeg[1]);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
                assertEquals(width, image.getWidth());
                assertEquals(height, image.getHeight());
                int left = image.getRGB(width / 4, height / 2);
                int right = image.getRGB(3 * width / 4, height / 2);
                assertTrue(((left >> 16) & 0xff) > 180 && (left & 0xff) < 60, "left is red: " + Integer.toHexString(left));
                assertTrue((right & 0xff) > 180 && ((right >> 16) & 0xff) < 60, "right is blue: " + Integer.toHexString(right));
                // limited-range video (Y 16..235) must come out as full-range black and white, not greys
                int black = image.getRGB(width / 4, height - 20) & 0xff;
                int white = image.getRGB(3 * width / 4, height - 20) & 0xff;
                assertTrue(black < 8, "black stays black: " + black);
                assertTrue(white > 247, "white stays white: " + white);
            }
        }
    }
}
