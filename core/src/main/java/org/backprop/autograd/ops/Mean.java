package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * The mean of all elements, {@code m = (1/n) Σᵢ xᵢ}, a scalar.
 *
 * <p>Backward: {@code ∂m/∂xᵢ = 1/n}.
 */
public final class Mean extends Function {
    private Tensor x;

    @Override
    public String name() {
        return "mean";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        x = inputs[0];
        return Tensor.full(x.dtype(), Shape.scalar(), x.sum() / x.size());
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Tensor.full(x.dtype(), x.shape(), g.item() / x.size())};
    }
}
