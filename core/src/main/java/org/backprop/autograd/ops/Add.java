package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Addition {@code c = a + b}, broadcasting (a bias row {@code [n]} is added to every row of
 * {@code [m, n]}).
 *
 * <p>Backward: {@code ∂c/∂a = ∂c/∂b = 1}, so each input receives the upstream gradient, summed
 * over the dimensions it was broadcast along: a bias gets the sum of all rows' gradients.
 */
public final class Add extends Function {
    private Tensor a;
    private Tensor b;

    @Override
    public String name() {
        return "add";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        a = inputs[0];
        b = inputs[1];
        return a.add(b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.sumTo(a.shape()), g.sumTo(b.shape())};
    }
}
