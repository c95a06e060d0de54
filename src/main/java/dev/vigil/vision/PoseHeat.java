package dev.vigil.vision;

/**
 * Where the pose model sees bodies and joints in one frame, whether or not it decoded a person there: its person-centre
 * heatmap and its 17 keypoint heatmaps (COCO order), max-pooled 2x2 from the model's quarter-resolution output and
 * quantised to 0..255 (255 = certain). Blurred, tangled and partly hidden people, whom the decoding drops, still leave
 * heat here. Covers the model input including the letterbox bars.
 *
 * @param values   channel-major, then rows, then columns
 * @param channels 18: the centre map, then the keypoints
 * @param rows     rows per channel
 * @param columns  columns per channel
 */
public record PoseHeat(byte[] values, int channels, int rows, int columns) {
    public static final int CHANNELS = 18;

    public PoseHeat {
        if (channels <= 0 || rows <= 0 || columns <= 0 || values.length != channels * rows * columns) {
            throw new IllegalArgumentException("pose heat of " + channels + "x" + rows + "x" + columns + " cannot hold "
                    + values.length + " values");
        }
    }

    /** Pools image {@code image} of a [batch, channels, height, width] sigmoid output 2x2 (max) and quantises it. */
    static PoseHeat pool(float[] output, int image, int channels, int height, int width) {
        int rows = height / 2;
        int columns = width / 2;
        byte[] values = new byte[channels * rows * columns];
        int base = image * channels * height * width;
        int o = 0;
        for (int c = 0; c < channels; c++) {
            int plane = base + c * height * width;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    int at = plane + 2 * y * width + 2 * x;
                    float m = Math.max(Math.max(output[at], output[at + 1]), Math.max(output[at + width], output[at + width + 1]));
                    values[o++] = (byte) Math.min(255, Math.round(Math.max(0, m) * 255));
                }
            }
        }
        return new PoseHeat(values, channels, rows, columns);
    }

    /** Value 0..1 of channel {@code c} at (row, column). */
    public float at(int c, int row, int column) {
        return (values[(c * rows + row) * columns + column] & 0xff) / 255f;
    }
}
