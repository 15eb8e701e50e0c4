package org.backprop.autograd.ops;

/**
 * A scalar function {@code a = f(z)} applied to every element, with its derivative. Activations
 * ({@link Sigmoid}, {@link Relu}, …) and simple maps ({@link Exp}, {@link Log}, {@link Square})
 * are all of this kind; {@link Elementwise} turns one into a graph operation whose backward rule
 * is {@code ∂L/∂z = ∂L/∂a · f'(z)}.
 *
 * <p>The same two methods serve the autograd graph, the fused training kernels and the
 * explanations, so the three cannot disagree about a derivative.
 */
public interface ElementwiseFunction {

    /** A short lower-case name, as used in network specs: {@code sigmoid}, {@code relu}, … */
    String name();

    /** The forward rule {@code a = f(z)}. */
    double value(double z);

    /**
     * The local derivative {@code f'(z)}. The forward value {@code a = f(z)} is passed too, because
     * many derivatives are cheapest from it ({@code σ' = a(1−a)}, {@code tanh' = 1−a²}).
     */
    double derivative(double z, double a);

    /**
     * The derivative written in terms of {@code z} and {@code a}, for explanations, such as
     * {@code "σ(z)(1−σ(z))"}.
     */
    default String derivativeFormula() {
        return name() + "'(z)";
    }
}
