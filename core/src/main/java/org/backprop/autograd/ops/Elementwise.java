package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.DType;
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

    /**
     * The operation for {@code fn}.
     *
     * @param fn the scalar function, kept by reference (functions are immutable)
     */
    public Elementwise(ElementwiseFunction fn) {
        this.fn = fn;
    }

    /**
     * The scalar function applied.
     *
     * @return the function given to the constructor
     */
    public ElementwiseFunction function() {
        return fn;
    }

    @Override
    public String name() {
        return fn.name();
    }

    /** Float32 through the function's {@link RowKernel} loops (as the fused engine), float64 through its scalar rule. */
    @Override
    protected Tensor forward(Tensor... inputs) {
        z = inputs[0];
        if (z.dtype() == DType.FLOAT32) {
            float[] out = new float[z.size()];
            fn.forward(z.floatData(), out, 1, out.length);
            a = Tensor.wrap(out, z.shape());
        } else {
            a = z.map(fn::value);
        }
        return a;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        if (z.dtype() == DType.FLOAT32 && gradOutput.dtype() == DType.FLOAT32) {
            float[] g = gradOutput.floatData().clone();
            fn.backward(z.floatData(), a.floatData(), g, 1, g.length);
            return new Tensor[] {Tensor.wrap(g, z.shape())};
        }
        Tensor dz = Tensor.zeros(z.dtype(), z.shape());
        for (int i = 0; i < dz.size(); i++) {
            dz.set(i, gradOutput.get(i) * fn.derivative(z.get(i), a.get(i)));
        }
        return new Tensor[] {dz};
    }
}
