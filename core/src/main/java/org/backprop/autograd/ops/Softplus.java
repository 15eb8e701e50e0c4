package org.backprop.autograd.ops;

/**
 * Softplus {@code f(z) = ln(1 + e^z)}, a smooth ReLU.
 *
 * <p>Derivative: {@code f'(z) = σ(z)}, the sigmoid. Computed stably as
 * {@code max(z, 0) + ln(1 + e^(−|z|))}; above {@code z = 20} it returns {@code z} with derivative 1,
 * as PyTorch's default threshold does.
 */
public final class Softplus implements ElementwiseFunction {
    private static final double THRESHOLD = 20;
    private static final Sigmoid SIGMOID = new Sigmoid();

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public double value(double z) {
        if (z > THRESHOLD) {
            return z;
        }
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public double derivative(double z, double a) {
        return z > THRESHOLD ? 1 : SIGMOID.value(z);
    }

    @Override
    public String derivativeFormula() {
        return "σ(z)";
    }
}
