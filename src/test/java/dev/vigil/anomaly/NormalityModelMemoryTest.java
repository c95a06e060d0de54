package dev.vigil.anomaly;

import dev.vigil.vision.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-stream normality model's memory is bounded: once it has settled, twelve thousand more person-frames do not
 * grow it. Prints bytes per stream and microseconds per person-frame (figures, not assertions).
 */
class NormalityModelMemoryTest {
    private static final int STREAMS = 4;
    private static final int ROUNDS = 6;

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    private static int feed(List<NormalityModel> models, List<double[]> vectors) {
        int calls = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (NormalityModel m : models) {
                for (double[] v : vectors) {
                    m.learnAndScore(v);
                    calls++;
                }
            }
        }
        return calls;
    }

    @Test
    void memoryPerStreamIsBoundedAndMeasured() {
        AnomalyConfig config = AnomalyConfig.defaults();
        Random r = new Random(4);
        // A realistic stream of feature vectors: people walking at various paces.
        List<double[]> vectors = new ArrayList<>();
        PersonHistory history = new PersonHistory(config, 0);
        for (int i = 0; i < 2000; i++) {
            double t = i * 0.1;
            Person p = Scenarios.walker(t, 0.5 + 0.5 * Math.sin(t / 13), 0.15, 300, r);
            history.add(PoseSample.of(p, (long) (t * 1e9), 0.3));
            vectors.add(NormalityModel.features(p, history, SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H, 0.3));
        }

        long before = usedHeap();
        List<NormalityModel> models = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            models.add(new NormalityModel(config.normality(), s));
        }
        for (NormalityModel m : models) {
            for (int i = 0; i < 3000; i++) { // well past the forest's sample size: it is full
                m.learnAndScore(vectors.get(i % vectors.size()));
            }
        }
        long full = usedHeap() - before;

        long start = System.nanoTime();
        int calls = feed(models, vectors);
        double micros = (System.nanoTime() - start) / 1e3 / calls;
        long middle = usedHeap() - before;
        feed(models, vectors);
        long late = usedHeap() - before;

        int perStream = calls / STREAMS;
        System.out.printf("normality model (%d trees x %d samples, %d dimensions), bytes per stream: %d after 3000"
                        + " person-frames, %d after %d, %d after %d; %.1f us per person-frame (learn + score)%n",
                config.normality().trees(), config.normality().sampleSize(), NormalityModel.DIMENSIONS,
                full / STREAMS, middle / STREAMS, 3000 + perStream, late / STREAMS, 3000 + 2 * perStream, micros);
        assertTrue(late <= middle * 1.1 + 1_000_000, "memory grew from " + middle + " to " + late);
        assertTrue(models.stream().allMatch(NormalityModel::warmedUp));
    }
}
