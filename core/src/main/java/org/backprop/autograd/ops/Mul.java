package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Elementwise product {@code c = a · b}, broadcasting.
 *
 * <p>Backward: {@code ∂c/∂a = b}, {@code ∂c/∂b = a} — each input's gradient is the upstream
 * gradient times the other input, summed back to the input's shape.
 */
public final class Mul extends Function {
    private Tensor a;
    private Tensor b;

    @Override
    public String name() {
        return "mul";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        a = inputs[0];
        b = inputs[1];
        return a.mul(b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(b).sumTo(a.shape()), g.mul(a).sumTo(b.shape())};
    }
}
