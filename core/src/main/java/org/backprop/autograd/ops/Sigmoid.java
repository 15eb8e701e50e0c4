package org.backprop.autograd.ops;

/**
 * The logistic sigmoid {@code σ(z) = 1 / (1 + e^(−z))}, squashing any number into {@code (0, 1)}.
 *
 * <p>Derivative: {@code σ'(z) = σ(z)·(1 − σ(z))}, largest (¼) at {@code z = 0} and vanishing for
 * large {@code |z|} — the reason deep sigmoid networks learn slowly ("vanishing gradients").
 *
 * <p>Computed without overflow: for {@code z < 0} as {@code e^z / (1 + e^z)}.
 */
public final class Sigmoid implements ElementwiseFunction {
    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public double value(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** {@code σ'(z) = a(1 − a)} with {@code a = σ(z)}. */
    @Override
    public double derivative(double z, double a) {
        return a * (1 - a);
    }

    @Override
    public String derivativeFormula() {
        return "σ(z)(1−σ(z))";
    }
}
