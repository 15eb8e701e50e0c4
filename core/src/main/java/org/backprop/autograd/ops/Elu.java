package org.backprop.autograd.ops;

/**
 * The exponential linear unit {@code elu(z) = z} for {@code z > 0}, {@code α(e^z − 1)} otherwise:
 * smooth for negative inputs, saturating at {@code −α}.
 *
 * <p>Derivative: 1 for {@code z > 0}, {@code α·e^z = elu(z) + α} for {@code z ≤ 0}. At {@code z = 0}
 * the left value {@code α} is used (continuous when {@code α = 1}).
 */
public final class Elu implements ElementwiseFunction {
    private final double alpha;

    /**
     * @param alpha the saturation level for negative inputs, usually 1
     * @throws IllegalArgumentException if {@code alpha} is not a finite number &gt; 0
     */
    public Elu(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Elu: alpha must be a finite number > 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * The saturation level α.
     *
     * @return the α given to the constructor, {@code > 0}
     */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return "elu";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : alpha * Math.expm1(z);
    }

    @Override
    public double derivative(double z, double a) {
        return z > 0 ? 1 : a + alpha;
    }

    @Override
    public String derivativeFormula() {
        return "[z>0] + α·e^z·[z≤0]";
    }
}
