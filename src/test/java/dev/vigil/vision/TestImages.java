package dev.vigil.vision;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test photos and TF.js reference fixtures from src/test/resources/vision (see the README there). */
final class TestImages {
    private TestImages() {
    }

    /** A decoded photo as a packed RGB frame. */
    record Rgb(int width, int height, byte[] rgb) {
        static Rgb of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            byte[] rgb = new byte[w * h * 3];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int o = (y * w + x) * 3;
                    rgb[o] = (byte) (p >> 16);
                    rgb[o + 1] = (byte) (p >> 8);
                    rgb[o + 2] = (byte) p;
                }
            }
            return new Rgb(w, h, rgb);
        }
    }

    static BufferedImage image(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/vision/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource vision/" + name);
            }
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rgb rgb(String name) {
        return Rgb.of(image(name));
    }

    /** Crops then scales with bicubic interpolation: a frame of another size showing the same scene. */
    static Rgb cropAndScale(BufferedImage source, int x, int y, int w, int h, int outWidth, int outHeight) {
        BufferedImage out = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, outWidth, outHeight, x, y, x + w, y + h, null);
        g.dispose();
        return Rgb.of(out);
    }

    static JsonObject fixture(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/vision/" + name);
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 6 x 56 rows of a fixture as one array, the layout {@link PoseModel#run} returns. */
    static float[] rows(JsonObject fixture) {
        JsonArray people = fixture.getJsonArray("people");
        float[] rows = new float[PoseModel.MAX_PEOPLE * PoseModel.ROW_LENGTH];
        for (int p = 0; p < people.size(); p++) {
            JsonArray row = people.getJsonArray(p);
            for (int i = 0; i < PoseModel.ROW_LENGTH; i++) {
                rows[p * PoseModel.ROW_LENGTH + i] = (float) row.getJsonNumber(i).doubleValue();
            }
        }
        return rows;
    }
}
