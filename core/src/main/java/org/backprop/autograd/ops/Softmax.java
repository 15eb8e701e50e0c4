package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.DType;
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
    /**
     * The row kernel: forward {@code p = e^(z − max) / Σ e^(z − max)} per row (in double, rounded
     * to float), backward {@code g ← p ⊙ (g − Σ g·p)} per row. The graph op runs it on float32
     * tensors; the fused engine and the predictor run it on their buffers.
     */
    public static final RowKernel ROWS = new RowKernel() {
        @Override
        public void forward(float[] z, float[] a, int rows, int cols) {
            for (int r = 0, o = 0; r < rows; r++, o += cols) {
                double max = LogSoftmax.rowMax(z, o, cols);
                double sum = LogSoftmax.sumExp(z, o, cols, max);
                for (int c = 0; c < cols; c++) {
                    a[o + c] = (float) (Math.exp(z[o + c] - max) / sum);
                }
            }
        }

        @Override
        public void backward(float[] z, float[] a, float[] g, int rows, int cols) {
            for (int r = 0, o = 0; r < rows; r++, o += cols) {
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += (double) g[o + c] * a[o + c];
                }
                for (int c = 0; c < cols; c++) {
                    g[o + c] = (float) (a[o + c] * (g[o + c] - dot));
                }
            }
        }
    };

    private Tensor z;
    private Tensor p;

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        z = inputs[0];
        p = softmaxRows(z);
        return p;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (p.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32) {
            float[] dz = g.floatData().clone();
            int cols = p.shape().cols();
            ROWS.backward(z.floatData(), p.floatData(), dz, p.size() / cols, cols);
            return new Tensor[] {Tensor.wrap(dz, p.shape())};
        }
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

    /**
     * Row-wise stable softmax of a tensor (last axis), as a plain tensor function:
     * {@code e^(z − max) / Σ e^(z − max)} — float32 through {@link #ROWS}, float64 by the same
     * formula in double (the reference the gradient checks use).
     *
     * @param z scores; the last axis (columns) is normalised, every other axis counts as rows; float32 or
     *         float64
     * @return a new tensor of {@code z}'s shape and dtype, each row a probability distribution (entries in
     *         {@code [0, 1]} summing to 1)
     */
    public static Tensor softmaxRows(Tensor z) {
        int cols = z.shape().cols();
        int rows = z.size() / cols;
        if (z.dtype() == DType.FLOAT32) {
            float[] out = new float[z.size()];
            ROWS.forward(z.floatData(), out, rows, cols);
            return Tensor.wrap(out, z.shape());
        }
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
