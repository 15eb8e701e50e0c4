package org.backprop.autograd.ops;

/**
 * The absolute value {@code f(z) = |z|}. Derivative {@code sign(z)}; at the kink {@code z = 0}
 * the subgradient 0 is used, as in PyTorch.
 */
public final class Abs implements ElementwiseFunction {
    @Override
    public String name() {
        return "abs";
    }

    @Override
    public double value(double z) {
        return Math.abs(z);
    }

    @Override
    public double derivative(double z, double a) {
        return Math.signum(z);
    }

    @Override
    public String derivativeFormula() {
        return "sign(z)";
    }
}
