package org.backprop.autograd.ops;

/**
 * The leaky ReLU {@code f(z) = z} for {@code z > 0}, {@code slope·z} otherwise: a ReLU that keeps a
 * small gradient for negative inputs, so units cannot die.
 *
 * <p>Derivative: 1 for {@code z > 0}, {@code slope} for {@code z ≤ 0} (the kink at 0 takes the
 * left slope, as in PyTorch).
 */
public final class LeakyRelu implements ElementwiseFunction {
    private final double slope;

    /**
     * @param slope the slope for negative inputs, usually 0.01
     * @throws IllegalArgumentException if {@code slope} is negative or not finite
     */
    public LeakyRelu(double slope) {
        if (!(slope >= 0) || Double.isInfinite(slope)) {
            throw new IllegalArgumentException("LeakyRelu: slope must be a finite number ≥ 0, got " + slope);
        }
        this.slope = slope;
    }

    /**
     * The slope for negative inputs.
     *
     * @return the slope given to the constructor, {@code ≥ 0}
     */
    public double slope() {
        return slope;
    }

    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : slope * z;
    }

    @Override
    public double derivative(double z, double a) {
        return z > 0 ? 1 : slope;
    }

    @Override
    public String derivativeFormula() {
        return "[z>0] + " + slope + "·[z≤0]";
    }
}
