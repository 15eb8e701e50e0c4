package org.backprop.autograd.ops;

/**
 * The identity {@code f(z) = z}: the linear output of a regression network.
 * Derivative {@code f'(z) = 1} everywhere.
 */
public final class Identity implements ElementwiseFunction {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public double value(double z) {
        return z;
    }

    @Override
    public double derivative(double z, double a) {
        return 1;
    }

    @Override
    public String derivativeFormula() {
        return "1";
    }

    /** {@code a = z}: a copy, or nothing when {@code a} is {@code z}. */
    @Override
    public void forward(float[] z, float[] a, int rows, int cols) {
        if (a != z) {
            System.arraycopy(z, 0, a, 0, rows * cols);
        }
    }

    /** {@code ∂L/∂z = ∂L/∂a}: nothing to do. */
    @Override
    public void backward(float[] z, float[] a, float[] g, int rows, int cols) {
    }

    @Override
    public boolean isIdentity() {
        return true;
    }
}
