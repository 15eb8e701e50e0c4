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

    /**
     * {@code a = max(z, 0)} as a float loop: {@code Math.max} is branch-free (random signs would
     * mispredict a branch half the time); {@code max(−0, 0) = 0} as in {@link #value}, only a NaN
     * now propagates instead of becoming 0.
     */
    @Override
    public void forward(float[] z, float[] a, int rows, int cols) {
        int size = rows * cols;
        for (int i = 0; i < size; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    /**
     * {@code g ⊙ [z > 0]}: with {@code a = max(z, 0) ≥ +0}, keeps {@code g} where {@code a}'s bits are
     * non-zero, by a mask rather than a branch.
     */
    @Override
    public void backward(float[] z, float[] a, float[] g, int rows, int cols) {
        int size = rows * cols;
        for (int i = 0; i < size; i++) {
            int mask = -Float.floatToRawIntBits(a[i]) >> 31;
            g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
        }
    }
}
