package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Trans;

/**
 * Matrix product {@code C = op(A) · op(B)}, either operand optionally transposed.
 *
 * <p>Forward: {@code Cᵢⱼ = Σₚ op(A)ᵢₚ · op(B)ₚⱼ}. Backward, for {@code C = A·B}:
 * {@code ∂L/∂A = ∂L/∂C · Bᵀ} and {@code ∂L/∂B = Aᵀ · ∂L/∂C}. With transposed operands the same
 * rule is applied and the result transposed back to each input's stored layout, so a dense layer
 * storing {@code W} as {@code [out, in]} and computing {@code Z = X·Wᵀ} gets
 * {@code ∂L/∂W = (∂L/∂Z)ᵀ·X} and {@code ∂L/∂X = ∂L/∂Z · W}, with no transposed copies.
 */
public final class MatMul extends Function {
    private final Trans ta;
    private final Trans tb;
    private Tensor a;
    private Tensor b;

    /**
     * The product {@code op(A)·op(B)} with the given transposition of each operand.
     *
     * @param ta whether to use the first operand {@code A} ({@link Trans#N}) or its transpose
     *         ({@link Trans#T})
     * @param tb whether to use the second operand {@code B} or its transpose
     */
    public MatMul(Trans ta, Trans tb) {
        this.ta = ta;
        this.tb = tb;
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        a = inputs[0];
        b = inputs[1];
        return Tensor.matmul(a, ta, b, tb);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga;
        Tensor gb;
        if (ta == Trans.N) {
            ga = Tensor.matmul(g, Trans.N, b, tb == Trans.N ? Trans.T : Trans.N);      // G·op(B)ᵀ
        } else {
            ga = Tensor.matmul(b, tb, g, Trans.T);                                        // (G·op(B)ᵀ)ᵀ = op(B)·Gᵀ
        }
        if (tb == Trans.N) {
            gb = Tensor.matmul(a, ta == Trans.N ? Trans.T : Trans.N, g, Trans.N);       // op(A)ᵀ·G
        } else {
            gb = Tensor.matmul(g, Trans.T, a, ta);                                        // (op(A)ᵀ·G)ᵀ = Gᵀ·op(A)
        }
        return new Tensor[] {ga, gb};
    }
}
