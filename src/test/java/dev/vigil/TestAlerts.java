package dev.vigil;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertOutbox;
import dev.vigil.anomaly.Verdict;
import dev.vigil.vision.BBox;

/**
 * Alerts raised without video: handed to the server's real store writer exactly as the analysis
 * hands them over, for tests of storing, sending, replay and history that need many alerts fast.
 */
public final class TestAlerts {
    private TestAlerts() {
    }

    /** A real JPEG of noise; 640x480 noise is ~100-200 KB, like a busy real snapshot. */
    public static byte[] jpeg(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void raise(Main.Running running, String user, String streamId, String camera, String behaviour,
                             long frameNumber, byte[] jpeg) {
        raiseAt(running, user, streamId, camera, behaviour, frameNumber, jpeg, Instant.now());
    }

    /** An alert as if raised at that time (its timestamp, and so its created_at in the store). */
    public static void raiseAt(Main.Running running, String user, String streamId, String camera, String behaviour,
                               long frameNumber, byte[] jpeg, Instant at) {
        Verdict verdict = new Verdict(1, 0.875, true, "Abnormal", "High", List.of(behaviour), new BBox(10, 20, 100, 200));
        var body = AlertMessage.body(user, streamId, camera, frameNumber, verdict, 640, 480, at.toEpochMilli());
        running.storage().outbox().submit(new AlertOutbox.Pending(user, streamId, camera, List.of(behaviour), body, jpeg, null));
    }
}
