package org.backprop.autograd.ops;

/**
 * The natural logarithm {@code f(z) = ln z}. Derivative {@code f'(z) = 1/z}; undefined for
 * {@code z ≤ 0} (gives NaN or −∞, as the mathematics does).
 */
public final class Log implements ElementwiseFunction {
    @Override
    public String name() {
        return "log";
    }

    @Override
    public double value(double z) {
        return Math.log(z);
    }

    @Override
    public double derivative(double z, double a) {
        return 1 / z;
    }

    @Override
    public String derivativeFormula() {
        return "1/z";
    }
}
