package org.backprop.autograd.ops;

/**
 * The Huber penalty of a difference {@code d = ŷ − y}: {@code ½d²} for {@code |d| ≤ δ},
 * {@code δ(|d| − ½δ)} beyond — quadratic near zero, linear for outliers.
 *
 * <p>Derivative: {@code d} for {@code |d| ≤ δ}, {@code δ·sign(d)} beyond; continuous at the
 * joins {@code |d| = δ} (both sides give {@code ±δ}).
 */
public final class Huber implements ElementwiseFunction {
    private final double delta;

    /**
     * @param delta where the penalty turns from quadratic to linear
     * @throws IllegalArgumentException if {@code delta} is not a finite number &gt; 0
     */
    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber: delta must be a finite number > 0, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public double value(double d) {
        double ad = Math.abs(d);
        return ad <= delta ? 0.5 * d * d : delta * (ad - 0.5 * delta);
    }

    @Override
    public double derivative(double d, double a) {
        return Math.abs(d) <= delta ? d : delta * Math.signum(d);
    }
}
