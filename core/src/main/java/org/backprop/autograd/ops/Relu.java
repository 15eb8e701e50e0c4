package org.backprop.autograd.ops;

/**
 * The rectified linear unit {@code relu(z) = max(0, z)}.
 *
 * <p>Derivative: 1 for {@code z > 0}, 0 for {@code z < 0}. At the kink {@code z = 0} the function
 * has no derivative; we use 0 there, as PyTorch does (any value in {@code [0, 1]} is a valid
 * subgradient). A unit whose {@code z} stays negative passes no gradient back ("dead ReLU").
 */
public final class Relu implements ElementwiseFunction {
    @Override
    public String name() {
        return "relu";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : 0;
    }

    @Override
    public double derivative(double z, double a) {
        return z > 0 ? 1 : 0;
    }

    @Override
    public String derivativeFormula() {
        return "[z>0]";
    }
}
