package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.autograd.Reduction;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;

/**
 * Cross-entropy from probabilities {@code p [B, C]} (the output of a softmax) and targets {@code y}
 * (class indices {@code [B]} or rows {@code [B, C]}):
 * {@code ℓ = −Σ_b Σ_c y_bc · log p_bc}, averaged over the {@code B} rows (or summed).
 *
 * <p>As in PyTorch's {@code BCELoss}, each logarithm is clamped at −100, so a probability that
 * rounded to 0 gives a large finite loss rather than infinity (its gradient is then 0). For training
 * prefer {@link SoftmaxCrossEntropy} on the logits, exact for every logit: the training engines
 * choose it by type when a softmax layer meets this loss.
 *
 * <p>Backward: {@code ∂ℓ/∂p_bc = −y_bc / p_bc} (divided by {@code B} for the mean).
 */
public final class CrossEntropy extends Function {
    private static final double LOG_FLOOR = -100;
    private final Tensor target;
    private final Reduction reduction;
    private Tensor p;
    private Tensor y;

    /**
     * @param target    {@code [B, C]} target probabilities, or {@code [B]} class indices
     * @param reduction mean over rows or sum
     */
    public CrossEntropy(Tensor target, Reduction reduction) {
        this.target = target;
        this.reduction = reduction;
    }

    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        p = inputs[0];
        if (p.shape().rank() != 2) {
            throw new ShapeMismatchException("cross-entropy: probabilities must be [batch, classes], got " + p.shape());
        }
        int rows = p.shape().dim(0);
        int cols = p.shape().dim(1);
        y = SoftmaxCrossEntropy.targetDistribution(target, rows, cols, p);
        double total = 0;
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            if (!(pi >= 0 && pi <= 1)) {
                throw new IllegalArgumentException("cross-entropy: probability at row " + i / cols + ", class " + i % cols
                        + " is " + pi + ", expected a value in [0, 1] (end the network with softmax, or use "
                        + "softmax-cross-entropy for raw logits)");
            }
            double yi = y.get(i);
            if (yi != 0) {
                total -= yi * Math.max(Math.log(pi), LOG_FLOOR);
            }
        }
        return Tensor.full(p.dtype(), Shape.scalar(), reduction == Reduction.MEAN ? total / rows : total);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        double scale = g.item() / (reduction == Reduction.MEAN ? p.shape().dim(0) : 1);
        Tensor dp = Tensor.zeros(p.dtype(), p.shape());
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            double yi = y.get(i);
            if (yi != 0 && Math.log(pi) > LOG_FLOOR) {
                dp.set(i, -scale * yi / pi);
            }
        }
        return new Tensor[] {dp};
    }
}
