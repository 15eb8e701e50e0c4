package org.backprop.autograd.ops;

/**
 * The hyperbolic tangent {@code tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))}, in {@code (−1, 1)}:
 * a sigmoid centred on zero ({@code tanh(z) = 2σ(2z) − 1}).
 *
 * <p>Derivative: {@code tanh'(z) = 1 − tanh²(z)}, 1 at {@code z = 0}, vanishing for large {@code |z|}.
 */
public final class Tanh implements ElementwiseFunction {
    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public double value(double z) {
        return Math.tanh(z);
    }

    /** {@code 1 − a²} with {@code a = tanh(z)}. */
    @Override
    public double derivative(double z, double a) {
        return 1 - a * a;
    }

    @Override
    public String derivativeFormula() {
        return "1−tanh²(z)";
    }
}
