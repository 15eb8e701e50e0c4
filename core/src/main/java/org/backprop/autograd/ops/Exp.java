package org.backprop.autograd.ops;

/** The exponential {@code f(z) = e^z}. Derivative {@code f'(z) = e^z = a}. */
public final class Exp implements ElementwiseFunction {
    @Override
    public String name() {
        return "exp";
    }

    @Override
    public double value(double z) {
        return Math.exp(z);
    }

    @Override
    public double derivative(double z, double a) {
        return a;
    }

    @Override
    public String derivativeFormula() {
        return "e^z";
    }
}
