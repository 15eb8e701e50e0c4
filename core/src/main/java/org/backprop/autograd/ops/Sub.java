package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Subtraction {@code c = a − b}, broadcasting.
 *
 * <p>Backward: {@code ∂c/∂a = 1}, {@code ∂c/∂b = −1}; each summed back to its input's shape.
 */
public final class Sub extends Function {
    private Tensor a;
    private Tensor b;

    @Override
    public String name() {
        return "sub";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        a = inputs[0];
        b = inputs[1];
        return a.sub(b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.sumTo(a.shape()), g.scale(-1).sumTo(b.shape())};
    }
}
