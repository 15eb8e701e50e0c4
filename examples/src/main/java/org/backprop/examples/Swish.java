package org.backprop.examples;

import org.backprop.autograd.ops.ElementwiseFunction;

/**
 * Swish, {@code f(z) = z·σ(z)}, with {@code f'(z) = σ(z)·(1 + z·(1 − σ(z)))}: a user's own
 * activation, one small class. Registered by name ({@code Activation.register("swish", Swish::new)})
 * it works wherever a built-in does: in specs, in both training engines, in the predictor and in
 * model files.
 */
public final class Swish implements ElementwiseFunction {

    @Override
    public String name() {
        return "swish";
    }

    @Override
    public double value(double z) {
        return z / (1 + Math.exp(-z));
    }

    @Override
    public double derivative(double z, double a) {
        double s = 1 / (1 + Math.exp(-z));
        return s * (1 + z * (1 - s));
    }

    @Override
    public String derivativeFormula() {
        return "σ(z)(1 + z(1−σ(z)))";
    }
}
