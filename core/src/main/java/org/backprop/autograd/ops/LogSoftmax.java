package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Log-softmax along the last axis: {@code ℓᵢ = zᵢ − log Σⱼ e^(zⱼ)}, computed stably as
 * {@code zᵢ − m − log Σⱼ e^(zⱼ − m)} with {@code m = max z} (never takes the log of a rounded-to-zero
 * probability).
 *
 * <p>Backward: {@code ∂ℓᵢ/∂zⱼ = δᵢⱼ − pⱼ}, so {@code ∂L/∂zⱼ = gⱼ − pⱼ · Σᵢ gᵢ} with {@code p = softmax(z)}.
 */
public final class LogSoftmax extends Function {
    private Tensor out;

    @Override
    public String name() {
        return "log_softmax";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        out = logSoftmaxRows(inputs[0]);
        return out;
    }

    /** Row-wise stable log-softmax of a tensor (last axis), as a plain tensor function. */
    public static Tensor logSoftmaxRows(Tensor z) {
        int cols = z.shape().cols();
        int rows = z.size() / cols;
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
