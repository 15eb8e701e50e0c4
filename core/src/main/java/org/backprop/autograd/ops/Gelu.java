package org.backprop.autograd.ops;

/**
 * The Gaussian error linear unit {@code gelu(z) = z·Φ(z)}, where {@code Φ} is the standard normal
 * cumulative distribution {@code Φ(z) = ½(1 + erf(z/√2))} (the exact form, PyTorch's default).
 *
 * <p>Derivative: {@code gelu'(z) = Φ(z) + z·φ(z)} with the normal density
 * {@code φ(z) = e^(−z²/2)/√(2π)}. Smooth everywhere; slightly negative for {@code z < 0}.
 */
public final class Gelu implements ElementwiseFunction {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_PI = Math.sqrt(Math.PI);

    @Override
    public String name() {
        return "gelu";
    }

    @Override
    public double value(double z) {
        return z * cdf(z);
    }

    @Override
    public double derivative(double z, double a) {
        return cdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    @Override
    public String derivativeFormula() {
        return "Φ(z) + z·φ(z)";
    }

    /**
     * {@code Φ(z) = ½(1 + erf(z/√2))}, or for {@code z < 0} the equal {@code ½·erfc(|z|/√2)}: there
     * {@code 1 + erf} would cancel to a few correct digits (at {@code z = −6}, {@code Φ ≈ 1e-9} and
     * {@code 1 + erf} keeps only 7 of them), which would make {@code gelu} itself inaccurate.
     */
    static double cdf(double z) {
        return z < 0 ? 0.5 * erfc(-z * SQRT_HALF) : 0.5 * (1 + erf(z * SQRT_HALF));
    }

    /**
     * The complementary error function {@code erfc(x) = 1 − erf(x)} for {@code x ≥ 0}, to full
     * relative precision: below 2 from the series of {@code erf} (where {@code erfc ≥ 0.0047}, so the
     * subtraction loses under two digits), from 2 on by the continued fraction
     * {@code erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))}, evaluated bottom-up
     * with 60 terms (more than enough for {@code x ≥ 2}).
     */
    static double erfc(double x) {
        if (x < 2) {
            return 1 - erf(x);
        }
        double t = 0;
        for (int k = 60; k >= 1; k--) {
            t = (k / 2.0) / (x + t);
        }
        return Math.exp(-x * x) / SQRT_PI / (x + t);
    }

    /**
     * The error function to double precision, from the series
     * {@code erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1) / (1·3·5···(2n+1))}, whose terms are all positive
     * (no cancellation). Beyond {@code |x| = 6}, {@code erf} is ±1 to double precision.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 6) {
            return Math.signum(x);
        }
        double term = ax;
        double sum = ax;
        double x2 = ax * ax;
        for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        double r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        return x < 0 ? -r : r;
    }
}
