package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * Log-softmax along the last axis: {@code ℓᵢ = zᵢ − log Σⱼ e^(zⱼ)}, computed stably as
 * {@code zᵢ − m − log Σⱼ e^(zⱼ − m)} with {@code m = max z} (never takes the log of a rounded-to-zero
 * probability).
 *
 * <p>Backward: {@code ∂ℓᵢ/∂zⱼ = δᵢⱼ − pⱼ}, so {@code ∂L/∂zⱼ = gⱼ − pⱼ · Σᵢ gᵢ} with {@code p = softmax(z)}.
 */
public final class LogSoftmax extends Function {
    /**
     * The row kernel: forward {@code ℓ = z − max − log Σ e^(z − max)} per row, backward
     * {@code g ← g − e^ℓ · Σ g} per row. The graph op runs it on float32 tensors; the fused engine
     * and the predictor run it on their buffers.
     */
    public static final RowKernel ROWS = new RowKernel() {
        @Override
        public void forward(float[] z, float[] a, int rows, int cols) {
            for (int r = 0, o = 0; r < rows; r++, o += cols) {
                double logSum = logSumExp(z, o, cols);
                for (int c = 0; c < cols; c++) {
                    a[o + c] = (float) (z[o + c] - logSum);
                }
            }
        }

        @Override
        public void backward(float[] z, float[] a, float[] g, int rows, int cols) {
            for (int r = 0, o = 0; r < rows; r++, o += cols) {
                double gSum = 0;
                for (int c = 0; c < cols; c++) {
                    gSum += g[o + c];
                }
                for (int c = 0; c < cols; c++) {
                    g[o + c] = (float) (g[o + c] - Math.exp(a[o + c]) * gSum);
                }
            }
        }
    };

    private Tensor z;
    private Tensor out;

    @Override
    public String name() {
        return "log_softmax";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        z = inputs[0];
        out = logSoftmaxRows(z);
        return out;
    }

    /**
     * Row-wise stable log-softmax of a tensor (last axis), as a plain tensor function.
     *
     * @param z scores; the last axis (columns) is normalised, every other axis counts as rows; float32 or
     *         float64
     * @return a new tensor of {@code z}'s shape and dtype, each row's log-probabilities ({@code ≤ 0}; their
     *         exponentials sum to 1)
     */
    public static Tensor logSoftmaxRows(Tensor z) {
        int cols = z.shape().cols();
        int rows = z.size() / cols;
        if (z.dtype() == DType.FLOAT32) {
            float[] result = new float[z.size()];
            ROWS.forward(z.floatData(), result, rows, cols);
            return Tensor.wrap(result, z.shape());
        }
        Tensor result = Tensor.zeros(z.dtype(), z.shape());
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double max = rowMax(z, o, cols);
            double logSum = max + Math.log(sumExp(z, o, cols, max));
            for (int c = 0; c < cols; c++) {
                result.set(o + c, z.get(o + c) - logSum);
            }
        }
        return result;
    }

    /** {@code log Σ_c e^(z[o + c])} of one float row, computed stably as {@code m + log Σ e^(z − m)}. */
    static double logSumExp(float[] z, int o, int cols) {
        double max = rowMax(z, o, cols);
        return max + Math.log(sumExp(z, o, cols, max));
    }

    /** {@code max_c z[o + c]} of a float row (see {@link #rowMax(Tensor, int, int)}). */
    static double rowMax(float[] z, int o, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, z[o + c]);
        }
        return max;
    }

    /** {@code Σ_c e^(z[o + c] − max)} of a float row, in double (see {@link #sumExp(Tensor, int, int, double)}). */
    static double sumExp(float[] z, int o, int cols, double max) {
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp(z[o + c] - max);
        }
        return sum;
    }

    /**
     * {@code m = max_c z[o + c]}: the shift that keeps {@code e^(z − m)} from overflowing. Shared by
     * {@link Softmax} and {@link SoftmaxCrossEntropy}.
     */
    static double rowMax(Tensor z, int o, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, z.get(o + c));
        }
        return max;
    }

    /** {@code Σ_c e^(z[o + c] − max)}, in double; every term is at most 1. */
    static double sumExp(Tensor z, int o, int cols, double max) {
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp(z.get(o + c) - max);
        }
        return sum;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (out.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32) {
            float[] dz = g.floatData().clone();
            int cols = out.shape().cols();
            ROWS.backward(z.floatData(), out.floatData(), dz, out.size() / cols, cols);
            return new Tensor[] {Tensor.wrap(dz, out.shape())};
        }
        int cols = out.shape().cols();
        int rows = out.size() / cols;
        Tensor dz = Tensor.zeros(out.dtype(), out.shape());
        for (int r = 0; r < rows; r++) {
            double gSum = 0;
            for (int c = 0; c < cols; c++) {
                gSum += g.get(r * cols + c);
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                dz.set(i, g.get(i) - Math.exp(out.get(i)) * gSum);
            }
        }
        return new Tensor[] {dz};
    }
}
