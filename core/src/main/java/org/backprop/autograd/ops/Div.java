package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Elementwise quotient {@code c = a / b}, broadcasting.
 *
 * <p>Backward: {@code ∂c/∂a = 1/b}, {@code ∂c/∂b = −a/b²}, each summed back to its input's shape.
 */
public final class Div extends Function {
    private Tensor a;
    private Tensor b;

    @Override
    public String name() {
        return "div";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        a = inputs[0];
        b = inputs[1];
        return a.div(b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga = g.div(b).sumTo(a.shape());
        Tensor gb = g.mul(a).zip("div backward", b, (ga2, bv) -> -ga2 / (bv * bv)).sumTo(b.shape());
        return new Tensor[] {ga, gb};
    }
}
