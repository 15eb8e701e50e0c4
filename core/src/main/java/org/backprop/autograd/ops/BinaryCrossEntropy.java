package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.autograd.Reduction;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Binary cross-entropy from probabilities {@code p ∈ [0, 1]} (the output of a sigmoid):
 * {@code ℓ = −[y·log p + (1−y)·log(1−p)]}.
 *
 * <p>As in PyTorch, each logarithm is clamped at −100 so that {@code p = 0} or {@code 1} gives a
 * large finite loss rather than infinity. Prefer {@link BinaryCrossEntropyWithLogits}, which is
 * exact for every logit.
 *
 * <p>Backward: {@code ∂ℓ/∂p = (p − y) / (p(1 − p))}, with the denominator kept at least 1e-12.
 */
public final class BinaryCrossEntropy extends Function {
    private static final double LOG_FLOOR = -100;
    private final Tensor target;
    private final Reduction reduction;
    private Tensor p;

    /**
     * @param target    targets in {@code [0, 1]}, shaped like the probabilities
     * @param reduction mean over all elements or sum
     */
    public BinaryCrossEntropy(Tensor target, Reduction reduction) {
        this.target = target;
        this.reduction = reduction;
    }

    @Override
    public String name() {
        return "bce";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        p = inputs[0];
        p.requireSameShape("binary cross-entropy (probabilities vs target)", target);
        double total = 0;
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            if (!(pi >= 0 && pi <= 1)) {
                throw new IllegalArgumentException("binary cross-entropy: probability at index " + i + " is " + pi
                        + ", expected a value in [0, 1] (use bce with logits for raw scores)");
            }
            double y = target.get(i);
            total -= y * Math.max(Math.log(pi), LOG_FLOOR) + (1 - y) * Math.max(Math.log1p(-pi), LOG_FLOOR);
        }
        return Tensor.full(p.dtype(), Shape.scalar(), reduction == Reduction.MEAN ? total / p.size() : total);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        double scale = g.item() / (reduction == Reduction.MEAN ? p.size() : 1);
        Tensor dp = Tensor.zeros(p.dtype(), p.shape());
        for (int i = 0; i < p.size(); i++) {
            double pi = p.get(i);
            dp.set(i, scale * (pi - target.get(i)) / Math.max(pi * (1 - pi), 1e-12));
        }
        return new Tensor[] {dp};
    }
}
