package org.backprop.tensor;

/**
 * The bias-gradient reduction, written once: the column sums of a row-major {@code [rows, cols]}
 * matrix, {@code acc[j] = Σ_r d[r][j]}, accumulated in double in row order. {@link Tensor#sumTo}
 * uses it for a matrix summed to a row (the graph's broadcast backward of {@code x·W + b}), and the
 * fused engine for its bias gradients, so the two engines add the same numbers in the same order.
 * Stateless and thread-safe.
 */
public final class Reductions {
    private Reductions() {
    }

    /**
     * Column sums of a float matrix into {@code acc}.
     *
     * @param d    the matrix, row-major, at least {@code rows·cols} values
     * @param rows the number of rows summed
     * @param cols the number of columns
     * @param acc  receives {@code Σ_r d[r·cols + j]} in {@code acc[j]}, {@code j < cols} (overwritten)
     */
    public static void columnSums(float[] d, int rows, int cols, double[] acc) {
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) {
                acc[j] += d[o + j];
            }
        }
    }

    /**
     * Column sums of a double matrix into {@code acc}; see {@link #columnSums(float[], int, int, double[])}.
     *
     * @param d    the matrix, row-major, at least {@code rows·cols} values
     * @param rows the number of rows summed
     * @param cols the number of columns
     * @param acc  receives {@code Σ_r d[r·cols + j]} in {@code acc[j]}, {@code j < cols} (overwritten)
     */
    public static void columnSums(double[] d, int rows, int cols, double[] acc) {
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) {
                acc[j] += d[o + j];
            }
        }
    }
}
