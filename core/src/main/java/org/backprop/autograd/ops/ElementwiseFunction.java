package org.backprop.autograd.ops;

/**
 * A scalar function {@code a = f(z)} applied to every element, with its derivative. Activations
 * ({@link Sigmoid}, {@link Relu}, …) and simple maps ({@link Exp}, {@link Log}, {@link Square})
 * are all of this kind; {@link Elementwise} turns one into a graph operation whose backward rule
 * is {@code ∂L/∂z = ∂L/∂a · f'(z)}.
 *
 * <p>The same two methods serve the autograd graph, the fused training kernels and the
 * explanations, so the three cannot disagree about a derivative: as a {@link RowKernel} the
 * function runs them over float rows in double precision, rounding each result to float as the
 * graph's float32 tensors do. A function may override the row loops with a faster form of the
 * same formula ({@link Relu}, {@link Identity}); the tests hold it equal to the scalar rule.
 *
 * <p>To add an activation, implement this interface (one file) and register it:
 * {@link org.backprop.nn.Activation#register}.
 *
 * <p><b>Threads</b>: one instance may serve every layer that uses the activation and, through the
 * thread-safe {@link org.backprop.engine.Predictor}, every thread predicting at once, so an
 * implementation must be stateless or immutable, as every built-in one is.
 */
public interface ElementwiseFunction extends RowKernel {

    /**
     * A short lower-case name, as used in network specs: {@code sigmoid}, {@code relu}, …
     *
     * @return the name, never {@code null}
     */
    String name();

    /**
     * The forward rule {@code a = f(z)}.
     *
     * @param z the input
     * @return {@code f(z)}
     */
    double value(double z);

    /**
     * The local derivative {@code f'(z)}. The forward value {@code a = f(z)} is passed too, because
     * many derivatives are cheapest from it ({@code σ' = a(1−a)}, {@code tanh' = 1−a²}).
     *
     * @param z the input
     * @param a the forward value {@code f(z)}
     * @return {@code f'(z)} (a subgradient at a kink, as each function documents)
     */
    double derivative(double z, double a);

    /**
     * The derivative written in terms of {@code z} and {@code a}, for explanations, such as
     * {@code "σ(z)(1−σ(z))"}.
     *
     * @return a short formula in {@code z} and {@code a}; the default is {@code name'(z)}
     */
    default String derivativeFormula() {
        return name() + "'(z)";
    }

    /** {@code a[i] = (float) f(z[i])}. */
    @Override
    default void forward(float[] z, float[] a, int rows, int cols) {
        int size = rows * cols;
        for (int i = 0; i < size; i++) {
            a[i] = (float) value(z[i]);
        }
    }

    /** {@code g[i] = (float) (g[i] · f'(z[i], a[i]))}. */
    @Override
    default void backward(float[] z, float[] a, float[] g, int rows, int cols) {
        int size = rows * cols;
        for (int i = 0; i < size; i++) {
            g[i] = (float) (g[i] * derivative(z[i], a[i]));
        }
    }
}
