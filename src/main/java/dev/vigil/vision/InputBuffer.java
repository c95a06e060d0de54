package dev.vigil.vision;

import java.nio.ByteBuffer;

/**
 * A calling thread's direct input buffer for a model, grown to the largest input it has seen and then reused, so a
 * model run allocates no big arrays. Held in a ThreadLocal by each model; not thread-safe itself.
 */
final class InputBuffer {
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    /** The buffer, at least {@code bytes} long, cleared (position 0, limit at its capacity). */
    ByteBuffer of(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes);
        }
        buffer.clear();
        return buffer;
    }
}
