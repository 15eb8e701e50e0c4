package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;

/**
 * Applies an {@link ElementwiseFunction} to every element.
 *
 * <p>Forward: {@code aᵢ = f(zᵢ)}. Backward: {@code ∂L/∂zᵢ = ∂L/∂aᵢ · f'(zᵢ)} — each element's
 * output depends on its own input only, so the Jacobian is diagonal and the chain rule is an
 * elementwise product.
 */
public final class Elementwise extends Function {
    private final ElementwiseFunction fn;
    private Tensor z;
    private Tensor a;

    /** The operation for {@code fn}. */
    public Elementwise(ElementwiseFunction fn) {
        this.fn = fn;
    }

    /** The scalar function applied. */
    public ElementwiseFunction function() {
        return fn;
    }

    @Override
    public String name() {
        return fn.name();
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        z = inputs[0];
        a = z.map(fn::value);
        return a;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        Tensor dz = Tensor.zeros(z.dtype(), z.shape());
        for (int i = 0; i < dz.size(); i++) {
            dz.set(i, gradOutput.get(i) * fn.derivative(z.get(i), a.get(i)));
        }
        return new Tensor[] {dz};
    }
}
