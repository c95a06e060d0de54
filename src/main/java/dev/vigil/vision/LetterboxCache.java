package dev.vigil.vision;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The letterbox for frames of each size at one input size, built once per size and shared (it is immutable). */
final class LetterboxCache {
    private static final int LIMIT = 64;

    private final int inputSize;
    private final Map<Long, Letterbox> letterboxes = new ConcurrentHashMap<>();

    LetterboxCache(int inputSize) {
        this.inputSize = inputSize;
    }

    Letterbox of(int width, int height) {
        long key = (long) width << 32 | (height & 0xffffffffL);
        Letterbox letterbox = letterboxes.get(key);
        if (letterbox == null) {
            if (letterboxes.size() >= LIMIT) {
                letterboxes.clear(); // frame sizes churn (odd client): rebuild rather than grow
            }
            letterbox = Letterbox.of(width, height, inputSize);
            letterboxes.put(key, letterbox);
        }
        return letterbox;
    }
}
