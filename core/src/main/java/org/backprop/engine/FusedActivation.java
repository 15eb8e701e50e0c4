package org.backprop.engine;

import org.backprop.autograd.ops.ElementwiseFunction;
import org.backprop.autograd.ops.Identity;
import org.backprop.autograd.ops.Relu;
import org.backprop.nn.Activation;

/**
 * A layer's activation as loops over float rows: forward {@code z += b; a = f(z)} in one pass,
 * backward {@code g ← g ⊙ f'(z)} in place. Identity and ReLU, the common cases, are written out
 * as float loops (they give exactly what {@link Identity} and {@link Relu} give); every other
 * elementwise activation calls its {@link ElementwiseFunction} — the same definition the autograd
 * graph uses — in double precision, rounding to float as the graph does. Softmax and log-softmax
 * act per row, computed stably from {@code z − max z} as {@link org.backprop.autograd.ops.Softmax}
 * does.
 */
final class FusedActivation {

    /** How the activation is computed. */
    enum Rule {
        /** {@code a = z}. */
        IDENTITY,
        /** {@code a = max(0, z)}, {@code f' = [z > 0]}. */
        RELU,
        /** Any other elementwise function, through its {@link ElementwiseFunction}. */
        FUNCTION,
        /** Row-wise softmax. */
        SOFTMAX,
        /** Row-wise log-softmax. */
        LOG_SOFTMAX
    }

    private final Rule rule;
    private final ElementwiseFunction function;

    private FusedActivation(Rule rule, ElementwiseFunction function) {
        this.rule = rule;
        this.function = function;
    }

    static FusedActivation of(Activation activation) {
        switch (activation.kind()) {
            case SOFTMAX:
                return new FusedActivation(Rule.SOFTMAX, null);
            case LOG_SOFTMAX:
                return new FusedActivation(Rule.LOG_SOFTMAX, null);
            default:
                ElementwiseFunction f = activation.function();
                if (f instanceof Identity) {
                    return new FusedActivation(Rule.IDENTITY, f);
                }
                if (f instanceof Relu) {
                    return new FusedActivation(Rule.RELU, f);
                }
                return new FusedActivation(Rule.FUNCTION, f);
        }
    }

    Rule rule() {
        return rule;
    }

    /** Whether the output is the input itself, so no separate buffer is needed. */
    boolean isIdentity() {
        return rule == Rule.IDENTITY;
    }

    /**
     * For a {@code rows × cols} block: {@code z[r][j] += bias[j]} (no bias when {@code null}), then
     * {@code a = f(z)}. {@code a} may be the same array as {@code z} (in-place).
     */
    void forward(float[] z, float[] bias, float[] a, int rows, int cols) {
        if (bias != null) {
            addBias(z, bias, rows, cols);
        }
        int size = rows * cols;
        switch (rule) {
            case IDENTITY:
                if (a != z) {
                    System.arraycopy(z, 0, a, 0, size);
                }
                break;
            case RELU:
                // Math.max is branch-free (random signs would mispredict a branch half the time);
                // max(−0, 0) = 0 as in the reference, only a NaN now propagates instead of becoming 0
                for (int i = 0; i < size; i++) {
                    a[i] = Math.max(z[i], 0f);
                }
                break;
            case FUNCTION:
                for (int i = 0; i < size; i++) {
                    a[i] = (float) function.value(z[i]);
                }
                break;
            case SOFTMAX:
                softmaxRows(z, a, rows, cols);
                break;
            default:
                logSoftmaxRows(z, a, rows, cols);
                break;
        }
    }

    static void addBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) {
                z[o + j] += bias[j];
            }
        }
    }

    /**
     * Turns {@code g = ∂L/∂a} into {@code ∂L/∂z} in place: {@code g ⊙ f'(z, a)} for an elementwise
     * function, {@code a ⊙ (g − Σ g·a)} per row for softmax (its Jacobian-vector product).
     *
     * @throws IllegalStateException for log-softmax, which the fused engine does not train
     */
    void backward(float[] z, float[] a, float[] g, int rows, int cols) {
        int size = rows * cols;
        switch (rule) {
            case IDENTITY:
                break;
            case RELU:
                // f' = [z > 0] = [a > 0] with a = max(z, 0) ≥ +0: keep g where a's bits are non-zero,
                // by a mask rather than a branch (random signs would mispredict half the time)
                for (int i = 0; i < size; i++) {
                    int mask = -Float.floatToRawIntBits(a[i]) >> 31;
                    g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
                }
                break;
            case FUNCTION:
                for (int i = 0; i < size; i++) {
                    g[i] = (float) (g[i] * function.derivative(z[i], a[i]));
                }
                break;
            case SOFTMAX:
                for (int r = 0, o = 0; r < rows; r++, o += cols) {
                    double dot = 0;
                    for (int c = 0; c < cols; c++) {
                        dot += (double) g[o + c] * a[o + c];
                    }
                    for (int c = 0; c < cols; c++) {
                        g[o + c] = (float) (a[o + c] * (g[o + c] - dot));
                    }
                }
                break;
            default:
                throw new IllegalStateException("log_softmax has no fused backward rule");
        }
    }

    /** Stable softmax of each row; {@code out} may be {@code z}. */
    static void softmaxRows(float[] z, float[] out, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double max = rowMax(z, o, cols);
            double sum = sumExp(z, o, cols, max);
            for (int c = 0; c < cols; c++) {
                out[o + c] = (float) (Math.exp(z[o + c] - max) / sum);
            }
        }
    }

    private static void logSoftmaxRows(float[] z, float[] out, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double max = rowMax(z, o, cols);
            double logSum = max + Math.log(sumExp(z, o, cols, max));
            for (int c = 0; c < cols; c++) {
                out[o + c] = (float) (z[o + c] - logSum);
            }
        }
    }

    /** {@code max_c z[o + c]}. */
    static double rowMax(float[] z, int o, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, z[o + c]);
        }
        return max;
    }

    /** {@code Σ_c e^(z[o + c] − max)}, in double. */
    static double sumExp(float[] z, int o, int cols, double max) {
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp(z[o + c] - max);
        }
        return sum;
    }
}
