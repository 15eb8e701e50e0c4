package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Softmax along the last axis (each row of a batch): {@code pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)}, turning
 * scores into probabilities that sum to 1.
 *
 * <p>Computed stably: {@code e^(zᵢ − max z)}, which gives the same result without overflow.
 *
 * <p>Backward: the Jacobian is {@code ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ)}, so
 * {@code ∂L/∂zᵢ = pᵢ · (gᵢ − Σⱼ gⱼ pⱼ)} with {@code g = ∂L/∂p}. Paired with cross-entropy, prefer
 * the fused {@link SoftmaxCrossEntropy}, whose gradient is simply {@code p − y}.
 */
public final class Softmax extends Function {
    private Tensor p;

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        p = softmaxRows(inputs[0]);
        return p;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int cols = p.shape().cols();
        int rows = p.size() / cols;
        Tensor dz = Tensor.zeros(p.dtype(), p.shape());
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += g.get(r * cols + c) * p.get(r * cols + c);
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                dz.set(i, p.get(i) * (g.get(i) - dot));
            }
        }
        return new Tensor[] {dz};
    }

    /** Row-wise stable softmax of a tensor (last axis), as a plain tensor function: {@code e^(z − max) / Σ e^(z − max)}. */
    public static Tensor softmaxRows(Tensor z) {
        int cols = z.shape().cols();
        int rows = z.size() / cols;
        Tensor out = Tensor.zeros(z.dtype(), z.shape());
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double max = LogSoftmax.rowMax(z, o, cols);
            double sum = LogSoftmax.sumExp(z, o, cols, max);
            for (int c = 0; c < cols; c++) {
                out.set(o + c, Math.exp(z.get(o + c) - max) / sum);
            }
        }
        return out;
    }
}
