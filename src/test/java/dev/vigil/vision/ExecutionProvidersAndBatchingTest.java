package dev.vigil.vision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vigil.pose.execution-providers on this CPU-only build of ONNX Runtime (no CUDA, TensorRT or
 * OpenVINO in it): the unavailable ones are passed over for the CPU; and the batch collector a GPU
 * provider uses hands every caller the people of its own frame, the same as a call of its own.
 */
class ExecutionProvidersAndBatchingTest {

    @Test
    void unavailableProvidersFallBackToTheCpu() {
        PoseModelConfig config = PoseModelConfig.defaults().withExecutionProviders(List.of("cuda", "tensorrt", "openvino", "cpu"));
        try (PoseModel model = PoseModel.load(config)) {
            assertEquals("cpu", model.executionProvider());
            assertFalse(model.prefersBatches());
            TestImages.Rgb person = TestImages.rgb("person.png");
            assertEquals(1, model.detect(person.rgb(), person.width(), person.height()).size());
        }
    }

    @Test
    void noLoadableProviderFailsNamingEachAndWhy() {
        PoseModelConfig config = PoseModelConfig.defaults().withExecutionProviders(List.of("cuda", "openvino"));
        PoseModelException e = assertThrows(PoseModelException.class, () -> PoseModel.load(config).close());
        assertTrue(e.getMessage().contains("cuda: ") && e.getMessage().contains("openvino: "), e.getMessage());
    }

    @Test
    void anUnknownProviderIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoseModelConfig.defaults().withExecutionProviders(List.of("directml")));
        assertTrue(e.getMessage().contains("directml"), e.getMessage());
    }

    @Test
    void batchedCallsFromSeveralStreamsGiveTheSamePeopleAsSingleCalls() throws Exception {
        TestImages.Rgb person = TestImages.rgb("person.png");
        TestImages.Rgb kite = TestImages.rgb("kite_beach.png");
        TestImages.Rgb lying = TestImages.rgb("person_lying.png"); // another input size: its own run in the batch
        List<TestImages.Rgb> photos = List.of(person, kite, lying, person, kite, person);
        try (PoseModel model = PoseModel.load(PoseModelConfig.defaults());
             InferenceBatcher batcher = new InferenceBatcher(model, 4, Duration.ofMillis(200));
             ExecutorService streams = Executors.newFixedThreadPool(photos.size())) {
            List<List<Person>> alone = photos.stream().map(p -> model.detect(frame(p))).toList();
            for (int round = 0; round < 3; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Poses>> batched = new ArrayList<>();
                for (int i = 0; i < photos.size(); i++) {
                    Frame frame = frame(photos.get(i));
                    boolean withMaps = i % 2 == 1; // streams with a classifier in a fight, and streams without
                    batched.add(streams.submit(() -> {
                        start.await();
                        return batcher.detect(frame, withMaps);
                    }));
                }
                start.countDown();
                for (int i = 0; i < photos.size(); i++) {
                    Poses poses = batched.get(i).get();
                    PoseModelTest.assertSamePeople(alone.get(i), poses.people());
                    // the maps reach the callers who asked for them only, whoever shared their run
                    assertEquals(i % 2 == 1, poses.heat() != null, "heatmaps of call " + i);
                    assertEquals(i % 2 == 1, poses.backbone() != null, "backbone of call " + i);
                }
            }
            assertEquals(3L * photos.size(), batcher.frames());
            assertTrue(batcher.batches() < batcher.frames(), "frames shared runs: " + batcher.batches() + " runs for "
                    + batcher.frames() + " frames");
        }
    }

    private static Frame frame(TestImages.Rgb photo) {
        return TestFrames.fromRgb(1, 0, photo.rgb(), photo.width(), photo.height());
    }
}
