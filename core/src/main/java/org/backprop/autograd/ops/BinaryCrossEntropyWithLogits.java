package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.autograd.Reduction;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Sigmoid followed by binary cross-entropy, fused: for a logit {@code z} and a target
 * {@code y ∈ [0, 1]}, {@code ℓ = −[y·log σ(z) + (1−y)·log(1−σ(z))]}.
 *
 * <p>Stable form: {@code ℓ = max(z, 0) − z·y + log(1 + e^(−|z|))}, finite for any {@code z}.
 *
 * <p>Backward: {@code ∂ℓ/∂z = σ(z) − y} (divided by the element count for the mean).
 */
public final class BinaryCrossEntropyWithLogits extends Function {
    private static final Sigmoid SIGMOID = new Sigmoid();
    private final Tensor target;
    private final Reduction reduction;
    private Tensor z;

    /**
     * @param target    targets in {@code [0, 1]}, shaped like the logits
     * @param reduction mean over all elements or sum
     */
    public BinaryCrossEntropyWithLogits(Tensor target, Reduction reduction) {
        this.target = target;
        this.reduction = reduction;
    }

    @Override
    public String name() {
        return "bce_with_logits";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        z = inputs[0];
        z.requireSameShape("binary cross-entropy (logits vs target)", target);
        double total = 0;
        for (int i = 0; i < z.size(); i++) {
            double zi = z.get(i);
            total += Math.max(zi, 0) - zi * target.get(i) + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        return Tensor.full(z.dtype(), Shape.scalar(), reduction == Reduction.MEAN ? total / z.size() : total);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        double scale = g.item() / (reduction == Reduction.MEAN ? z.size() : 1);
        Tensor dz = Tensor.zeros(z.dtype(), z.shape());
        for (int i = 0; i < z.size(); i++) {
            dz.set(i, scale * (SIGMOID.value(z.get(i)) - target.get(i)));
        }
        return new Tensor[] {dz};
    }
}
