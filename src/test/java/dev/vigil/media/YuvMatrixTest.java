package dev.vigil.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YuvMatrixTest {

    @ParameterizedTest
    @EnumSource(YuvMatrix.class)
    void rgbSurvivesTheRoundTripThroughYuv(YuvMatrix matrix) {
        int worst = 0;
        for (int r = 0; r < 256; r += 15) {
            for (int g = 0; g < 256; g += 15) {
                for (int b = 0; b < 256; b += 15) {
                    int rgb = matrix.rgb(matrix.y(r, g, b), matrix.u(r, g, b), matrix.v(r, g, b));
                    worst = Math.max(worst, Math.abs((rgb >> 16 & 0xff) - r));
                    worst = Math.max(worst, Math.abs((rgb >> 8 & 0xff) - g));
                    worst = Math.max(worst, Math.abs((rgb & 0xff) - b));
                }
            }
        }
        // 8-bit YUV cannot hold every RGB colour exactly; limited range loses a little more
        assertTrue(worst <= 3, matrix + " is off by " + worst);
    }

    @Test
    void limitedRangeBlackAndWhiteAreFullRangeRgb() {
        assertEquals(0x000000, YuvMatrix.BT601.rgb(16, 128, 128));
        assertEquals(0xffffff, YuvMatrix.BT601.rgb(235, 128, 128));
        assertEquals(0xffffff, YuvMatrix.BT709.rgb(235, 128, 128));
        assertEquals(0x000000, YuvMatrix.BT601_FULL.rgb(0, 128, 128));
        assertEquals(0xffffff, YuvMatrix.BT601_FULL.rgb(255, 128, 128));
        assertEquals(16, YuvMatrix.BT601.y(0, 0, 0));
        assertEquals(235, YuvMatrix.BT709.y(255, 255, 255));
    }

    @Test
    void bt601AndBt709DifferWhereTheyShould() {
        // pure red: Y is 81 in BT.601 and 63 in BT.709 (limited range)
        assertEquals(81, YuvMatrix.BT601.y(255, 0, 0), 1);
        assertEquals(63, YuvMatrix.BT709.y(255, 0, 0), 1);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "bt601, 480, BT601",
            "bt709, 480, BT709",
            "bt2020, 2160, BT709",
            "2:4:5:4, 480, BT601",
            "1:4:0:0, 480, BT601_FULL",
            "1:3:5:1, 1080, BT709_FULL",
            "2:3:5:1, 720, BT709",
            "null, 480, BT601",
            "null, 720, BT709",
            "nonsense, 1080, BT709"})
    void readsGstreamerColorimetry(String colorimetry, int height, YuvMatrix expected) {
        assertEquals(expected, YuvMatrix.of(colorimetry, height));
    }
}
