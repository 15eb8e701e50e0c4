package org.backprop.autograd.ops;

/**
 * The identity {@code f(z) = z}: the linear output of a regression network.
 * Derivative {@code f'(z) = 1} everywhere.
 */
public final class Identity implements ElementwiseFunction {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public double value(double z) {
        return z;
    }

    @Override
    public double derivative(double z, double a) {
        return 1;
    }

    @Override
    public String derivativeFormula() {
        return "1";
    }
}
