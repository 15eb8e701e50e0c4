package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * The sum of all elements, {@code s = Σᵢ xᵢ}, a scalar.
 *
 * <p>Backward: {@code ∂s/∂xᵢ = 1}, so every element receives the upstream gradient.
 */
public final class Sum extends Function {
    private Tensor x;

    @Override
    public String name() {
        return "sum";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        x = inputs[0];
        return Tensor.full(x.dtype(), Shape.scalar(), x.sum());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Tensor.full(x.dtype(), x.shape(), g.item())};
    }
}
