package org.backprop.autograd.ops;

/** The square {@code f(z) = z²}. Derivative {@code f'(z) = 2z}. */
public final class Square implements ElementwiseFunction {
    @Override
    public String name() {
        return "square";
    }

    @Override
    public double value(double z) {
        return z * z;
    }

    @Override
    public double derivative(double z, double a) {
        return 2 * z;
    }

    @Override
    public String derivativeFormula() {
        return "2z";
    }
}
