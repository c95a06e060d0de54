package dev.vigil.vision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.media.Frame;

/**
 * Frames of several streams in one model run, for GPU execution providers, where a run of B frames
 * costs little more than a run of one. Callers block in {@link #detect} while one collector thread
 * takes the first waiting frame, waits at most maxWait for up to maxBatch - 1 more, runs them with
 * {@link PoseModel#detectBatch} and hands each caller its own frame's people.
 */
public final class InferenceBatcher implements AutoCloseable {
    private record Request(Frame frame, boolean withMaps, CompletableFuture<Poses> result) {
    }

    private final PoseModel model;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final Thread collector;
    private volatile boolean running = true;

    public InferenceBatcher(PoseModel model, int maxBatch, Duration maxWait) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.collector = Thread.ofPlatform().name("inference-batcher").daemon().start(this::collect);
    }

    /**
     * The people in the frame, from a run shared with frames other callers handed in meanwhile; with {@code withMaps}
     * also the pose model's heatmaps and backbone map (the violence classifier's input, see PoseModel#poses).
     */
    public Poses detect(Frame frame, boolean withMaps) {
        if (!running) {
            throw new IllegalStateException("the inference batcher is closed");
        }
        Request request = new Request(frame, withMaps, new CompletableFuture<>());
        waiting.add(request);
        try {
            return request.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for inference", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Model runs so far. */
    public long batches() {
        return batches.get();
    }

    /** Frames run so far (frames / batches is the mean batch size). */
    public long frames() {
        return frames.get();
    }

    private void collect() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Request first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Request next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Request left;
        while ((left = waiting.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the inference batcher closed"));
        }
    }

    private void run(List<Request> batch) {
        try {
            boolean withMaps = batch.stream().anyMatch(Request::withMaps); // one run fetches them for all or none
            List<Poses> people = model.detectBatch(batch.stream().map(Request::frame).toList(), withMaps);
            batches.incrementAndGet();
            frames.addAndGet(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Request request = batch.get(i);
                Poses poses = people.get(i);
                // maps a caller did not ask for are dropped: its classifier windows follow its own stream's needs
                request.result().complete(request.withMaps() ? poses : new Poses(poses.people(), null, null));
            }
        } catch (RuntimeException e) {
            batch.forEach(request -> request.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        running = false;
        collector.interrupt();
        try {
            collector.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
