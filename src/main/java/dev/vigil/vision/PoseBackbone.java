package dev.vigil.vision;

/**
 * What the pose model's MobileNetV2 backbone makes of one frame: its last feature map (1280 channels of ReLU6 at a
 * 32nd of the model input, letterbox bars included), before the pose heads. Learned on far more images than any
 * fight footage Vigil has, it describes what the scene looks like (bodies entangled, a crowd, a court) where the
 * heatmaps describe only where joints are. The violence classifier reads how it changes ({@code BackboneFeatures}).
 *
 * @param values   channel-major, then rows, then columns
 * @param channels 1280
 * @param rows     rows per channel
 * @param columns  columns per channel
 */
public record PoseBackbone(float[] values, int channels, int rows, int columns) {
    public static final int CHANNELS = 1280;

    public PoseBackbone {
        if (channels <= 0 || rows <= 0 || columns <= 0 || values.length != channels * rows * columns) {
            throw new IllegalArgumentException("backbone map of " + channels + "x" + rows + "x" + columns
                    + " cannot hold " + values.length + " values");
        }
    }

    /** Image {@code image} of a [batch, channels, rows, columns] output (taken as it is for a batch of one). */
    static PoseBackbone of(float[] output, int image, int channels, int rows, int columns) {
        int size = channels * rows * columns;
        if (output.length == size) {
            return new PoseBackbone(output, channels, rows, columns);
        }
        float[] values = new float[size];
        System.arraycopy(output, image * size, values, 0, size);
        return new PoseBackbone(values, channels, rows, columns);
    }

    /** Cells per channel. */
    public int cells() {
        return rows * columns;
    }
}
