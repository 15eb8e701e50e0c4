package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.autograd.Reduction;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, fused: from logits {@code z [B, C]} and target distributions
 * {@code y [B, C]} (one-hot rows, or class indices turned into them),
 * {@code ℓ_b = −Σ_c y_bc · log softmax(z_b)_c}, averaged over the {@code B} rows (or summed).
 *
 * <p>Stable: uses log-softmax ({@code z − max − log Σ e^(z−max)}), never {@code log(p)}.
 *
 * <p>Backward: the softmax Jacobian and the {@code 1/p} of the logarithm cancel to the famous
 * {@code ∂ℓ/∂z = softmax(z) − y} (divided by {@code B} for the mean, when every row of
 * {@code y} sums to 1).
 */
public final class SoftmaxCrossEntropy extends Function {
    private final Tensor target;
    private final Reduction reduction;
    private Tensor probabilities;
    private Tensor resolvedTarget;

    /**
     * @param target    {@code [B, C]} target probabilities, or {@code [B]} class indices
     * @param reduction mean over rows or sum
     */
    public SoftmaxCrossEntropy(Tensor target, Reduction reduction) {
        this.target = target;
        this.reduction = reduction;
    }

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        Tensor z = inputs[0];
        if (z.shape().rank() != 2) {
            throw new ShapeMismatchException("softmax cross-entropy: logits must be [batch, classes], got " + z.shape());
        }
        int rows = z.shape().dim(0);
        int cols = z.shape().dim(1);
        Tensor y = targetDistribution(target, rows, cols, z);
        probabilities = Tensor.zeros(z.dtype(), z.shape());
        double total = 0;
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double max = LogSoftmax.rowMax(z, o, cols);
            double logSum = max + Math.log(LogSoftmax.sumExp(z, o, cols, max));
            for (int c = 0; c < cols; c++) {
                double logP = z.get(o + c) - logSum;      // log-softmax, kept in double
                probabilities.set(o + c, Math.exp(logP));
                double yc = y.get(o + c);
                if (yc != 0) {
                    total -= yc * logP;
                }
            }
        }
        this.resolvedTarget = y;
        return Tensor.full(z.dtype(), Shape.scalar(), reduction == Reduction.MEAN ? total / rows : total);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int rows = probabilities.shape().dim(0);
        double scale = g.item() / (reduction == Reduction.MEAN ? rows : 1);
        Tensor dz = Tensor.zeros(probabilities.dtype(), probabilities.shape());
        for (int r = 0; r < rows; r++) {
            double ySum = 0;
            for (int c = 0; c < probabilities.shape().dim(1); c++) {
                ySum += resolvedTarget.get(r, c);
            }
            for (int c = 0; c < probabilities.shape().dim(1); c++) {
                // general form ySum·p − y; it is p − y when the target row sums to 1
                dz.set(r, c, scale * (ySum * probabilities.get(r, c) - resolvedTarget.get(r, c)));
            }
        }
        return new Tensor[] {dz};
    }

    /**
     * The class index that row {@code row} of a {@code [B]} target names, checked: the one check
     * shared by this op and the fused training engine.
     *
     * @throws IllegalArgumentException if it is not a whole number in {@code [0, cols)}, naming the row and the value
     */
    public static int classIndex(Tensor target, int row, int cols) {
        double v = target.get(row);
        int k = (int) v;
        if (k != v || k < 0 || k >= cols) {
            throw new IllegalArgumentException("softmax cross-entropy: target of row " + row + " is " + v
                    + ", expected a class index in [0, " + cols + ")");
        }
        return k;
    }

    /**
     * Turns a target given as class indices {@code [B]} into one-hot rows {@code [B, C]}; checks a
     * {@code [B, C]} target's shape.
     *
     * @throws ShapeMismatchException if the shapes disagree
     * @throws IllegalArgumentException if a class index is not an integer in {@code [0, C)}, naming the row
     */
    static Tensor targetDistribution(Tensor target, int rows, int cols, Tensor logits) {
        if (target.shape().rank() == 1) {
            if (target.size() != rows) {
                throw new ShapeMismatchException("softmax cross-entropy: " + target.size()
                        + " class indices for " + rows + " rows of logits " + logits.shape());
            }
            Tensor y = Tensor.zeros(logits.dtype(), logits.shape());
            for (int r = 0; r < rows; r++) {
                y.set(r, classIndex(target, r, cols), 1);
            }
            return y;
        }
        if (!target.shape().equals(logits.shape())) {
            throw new ShapeMismatchException("softmax cross-entropy: target " + target.shape()
                    + " does not match logits " + logits.shape());
        }
        return target;
    }
}
