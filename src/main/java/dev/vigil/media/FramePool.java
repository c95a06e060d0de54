package dev.vigil.media;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reusable frame buffers of one source, so decoding 15-30 frames a second does not allocate (and
 * garbage-collect) half a megabyte or more per frame. Bounded: a buffer given back when the pool is
 * full, or of another size, is left to the garbage collector. Thread-safe.
 */
public final class FramePool {
    private final ArrayBlockingQueue<byte[]> free;

    public FramePool(int capacity) {
        this.free = new ArrayBlockingQueue<>(capacity);
    }

    /** A buffer of exactly {@code bytes} bytes, reused when one is free; its contents are stale. */
    public byte[] take(int bytes) {
        byte[] buffer;
        while ((buffer = free.poll()) != null) {
            if (buffer.length == bytes) {
                return buffer;
            }
        }
        return new byte[bytes];
    }

    void give(byte[] buffer) {
        free.offer(buffer);
    }

    /** Buffers waiting to be reused (for tests and figures). */
    public int available() {
        return free.size();
    }
}
