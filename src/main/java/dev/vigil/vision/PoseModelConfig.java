package dev.vigil.vision;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the pose model (config section, e.g. {@code pose:}).
 *
 * @param modelPath      ONNX file ({@code model-path}, default {@code models/movenet-multipose-lightning.onnx},
 *                       relative to the working directory)
 * @param intraOpThreads threads ONNX Runtime uses inside one inference ({@code intra-op-threads}, default 1:
 *                       on a small box several streams in parallel use the cores better than one stream
 *                       split across them; see docs/PERFORMANCE.md)
 * @param interOpThreads threads for running independent graph nodes at once ({@code inter-op-threads},
 *                       default 1; the session runs nodes in sequence)
 * @param inputSize      long side of the model input in pixels, a multiple of 32 ({@code input-size},
 *                       default 256, what MoveNet MultiPose Lightning was made for; the short side follows
 *                       the frame's aspect ratio)
 * @param minPersonScore people scoring below this are dropped ({@code min-person-score}, default 0.2)
 * @param executionProviders ONNX Runtime execution providers to try in order ({@code execution-providers},
 *                       among cuda, tensorrt, openvino, cpu; default [cpu]); the first whose session
 *                       loads is used
 */
public record PoseModelConfig(Path modelPath, int intraOpThreads, int interOpThreads, int inputSize,
                              double minPersonScore, List<String> executionProviders) {
    public static final List<String> PROVIDERS = List.of("cuda", "tensorrt", "openvino", "cpu");
    public static final List<String> DEFAULT_EXECUTION_PROVIDERS = List.of("cpu");

    public PoseModelConfig(Path modelPath, int intraOpThreads, int interOpThreads, int inputSize, double minPersonScore) {
        this(modelPath, intraOpThreads, interOpThreads, inputSize, minPersonScore, DEFAULT_EXECUTION_PROVIDERS);
    }

    public static final Path DEFAULT_MODEL_PATH = Path.of("models", "movenet-multipose-lightning.onnx");
    public static final int DEFAULT_INTRA_OP_THREADS = 1;
    public static final int DEFAULT_INTER_OP_THREADS = 1;
    public static final int DEFAULT_INPUT_SIZE = 256;
    public static final double DEFAULT_MIN_PERSON_SCORE = 0.2;

    public PoseModelConfig {
        if (modelPath == null) {
            throw new IllegalArgumentException("pose model-path is required");
        }
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("pose thread counts must be at least 1, got intra-op "
                    + intraOpThreads + ", inter-op " + interOpThreads);
        }
        if (inputSize < 32 || inputSize % 32 != 0) {
            throw new IllegalArgumentException("pose input-size must be a positive multiple of 32, got " + inputSize);
        }
        if (!(minPersonScore >= 0 && minPersonScore <= 1)) {
            throw new IllegalArgumentException("pose min-person-score must be within 0..1, got " + minPersonScore);
        }
        executionProviders = List.copyOf(executionProviders.isEmpty() ? DEFAULT_EXECUTION_PROVIDERS : executionProviders);
        for (String provider : executionProviders) {
            if (!PROVIDERS.contains(provider)) {
                throw new IllegalArgumentException("pose execution-providers: unknown provider " + provider
                        + "; known: " + PROVIDERS);
            }
        }
    }

    public static PoseModelConfig defaults() {
        return new PoseModelConfig(DEFAULT_MODEL_PATH, DEFAULT_INTRA_OP_THREADS, DEFAULT_INTER_OP_THREADS,
                DEFAULT_INPUT_SIZE, DEFAULT_MIN_PERSON_SCORE);
    }

    /** Reads the section {@code node} points at; missing keys take their defaults. */
    public static PoseModelConfig from(Config node) {
        return new PoseModelConfig(
                node.get("model-path").asString().map(Path::of).orElse(DEFAULT_MODEL_PATH),
                node.get("intra-op-threads").asInt().orElse(DEFAULT_INTRA_OP_THREADS),
                node.get("inter-op-threads").asInt().orElse(DEFAULT_INTER_OP_THREADS),
                node.get("input-size").asInt().orElse(DEFAULT_INPUT_SIZE),
                node.get("min-person-score").asDouble().orElse(DEFAULT_MIN_PERSON_SCORE),
                dev.vigil.media.WebRtcConfig.stringList(node.get("execution-providers")));
    }

    public PoseModelConfig withModelPath(Path path) {
        return new PoseModelConfig(path, intraOpThreads, interOpThreads, inputSize, minPersonScore, executionProviders);
    }

    public PoseModelConfig withThreads(int intraOp, int interOp) {
        return new PoseModelConfig(modelPath, intraOp, interOp, inputSize, minPersonScore, executionProviders);
    }

    public PoseModelConfig withInputSize(int size) {
        return new PoseModelConfig(modelPath, intraOpThreads, interOpThreads, size, minPersonScore, executionProviders);
    }

    public PoseModelConfig withExecutionProviders(List<String> providers) {
        return new PoseModelConfig(modelPath, intraOpThreads, interOpThreads, inputSize, minPersonScore, providers);
    }
}
