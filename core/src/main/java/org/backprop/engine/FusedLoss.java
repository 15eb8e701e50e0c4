package org.backprop.engine;

import org.backprop.loss.Loss;
import org.backprop.nn.Activation;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;

/**
 * A loss as one loop that computes its value and its gradient together, reading the network's
 * output rows and writing {@code ∂L/∂input} into a buffer. The formulas are those of
 * {@link org.backprop.loss.Losses} and {@link org.backprop.autograd.ops.SoftmaxCrossEntropy}.
 */
abstract class FusedLoss {
    private final boolean onLogits;

    private FusedLoss(boolean onLogits) {
        this.onLogits = onLogits;
    }

    /**
     * The fused form of {@code loss} for a network whose last activation is {@code output}, or
     * {@code null} when there is none.
     */
    static FusedLoss of(Loss loss, Activation output) {
        if (!loss.getClass().getPackageName().equals("org.backprop.loss")
                || output.kind() == Activation.Kind.LOG_SOFTMAX) {
            return null;
        }
        switch (loss.name()) {
            case "cross-entropy":
                return output.kind() == Activation.Kind.SOFTMAX ? new SoftmaxCrossEntropy(true) : null;
            case "softmax-cross-entropy":
                return new SoftmaxCrossEntropy(false);
            case "mse":
                return new Squared(1.0, true);
            case "sse":
                return new Squared(1.0, false);
            case "half-squared":
                return new Squared(0.5, true);
            default:
                return null;
        }
    }

    /**
     * Whether the loss reads the output layer's pre-activation {@code z} (softmax fused into
     * cross-entropy) rather than its activation {@code a}.
     */
    final boolean onLogits() {
        return onLogits;
    }

    /**
     * Checks the targets of a batch of {@code rows} outputs of width {@code cols}.
     *
     * @throws ShapeMismatchException naming both shapes
     */
    abstract void checkTarget(Tensor target, int rows, int cols);

    /**
     * Writes {@code ∂L/∂input} for the {@code rows × cols} block {@code input} into {@code grad}
     * and returns the loss, rounded to float as the graph's float32 loss is.
     */
    abstract double gradient(float[] input, Tensor target, int rows, int cols, float[] grad);

    /**
     * Softmax cross-entropy, averaged over rows: {@code ℓ = −Σ_c y_c log softmax(z)_c},
     * {@code ∂ℓ/∂z = (Σ_c y_c)·p − y}, divided by the batch size.
     */
    private static final class SoftmaxCrossEntropy extends FusedLoss {
        SoftmaxCrossEntropy(boolean onLogits) {
            super(onLogits);
        }

        @Override
        void checkTarget(Tensor target, int rows, int cols) {
            if (target.shape().rank() == 1 ? target.size() != rows
                    : target.shape().rank() != 2 || target.shape().dim(0) != rows || target.shape().dim(1) != cols) {
                throw new ShapeMismatchException("softmax cross-entropy: expected targets [" + rows + "] (class indices) or ["
                        + rows + ", " + cols + "], got " + target.shape());
            }
        }

        @Override
        double gradient(float[] z, Tensor target, int rows, int cols, float[] grad) {
            boolean indices = target.shape().rank() == 1;
            double scale = 1.0 / rows;
            double total = 0;
            for (int r = 0, o = 0; r < rows; r++, o += cols) {
                double max = FusedActivation.rowMax(z, o, cols);
                double logSum = max + Math.log(FusedActivation.sumExp(z, o, cols, max));
                int label = indices ? org.backprop.autograd.ops.SoftmaxCrossEntropy.classIndex(target, r, cols) : -1;
                double ySum = indices ? 1 : 0;
                if (!indices) {
                    for (int c = 0; c < cols; c++) {
                        ySum += target.get(o + c);
                    }
                }
                for (int c = 0; c < cols; c++) {
                    double logP = z[o + c] - logSum;
                    float p = (float) Math.exp(logP);
                    double y = indices ? (c == label ? 1 : 0) : target.get(o + c);
                    if (y != 0) {
                        total -= y * logP;
                    }
                    grad[o + c] = (float) (scale * (ySum * p - y));
                }
            }
            return (float) (total / rows);
        }
    }

    /**
     * Squared error {@code factor·Σ(ŷ−y)²}, averaged over all elements or summed:
     * {@code ∂L/∂ŷ = 2·factor·(ŷ−y)/n}.
     */
    private static final class Squared extends FusedLoss {
        private final double factor;
        private final boolean mean;

        Squared(double factor, boolean mean) {
            super(false);
            this.factor = factor;
            this.mean = mean;
        }

        @Override
        void checkTarget(Tensor target, int rows, int cols) {
            if (target.shape().rank() != 2 || target.shape().dim(0) != rows || target.shape().dim(1) != cols) {
                throw new ShapeMismatchException("squared error: prediction shape [" + rows + ", " + cols
                        + "] and target shape " + target.shape() + " differ");
            }
        }

        @Override
        double gradient(float[] prediction, Tensor target, int rows, int cols, float[] grad) {
            int size = rows * cols;
            double scale = mean ? factor / size : factor;
            double total = 0;
            for (int i = 0; i < size; i++) {
                float d = (float) (prediction[i] - target.get(i));
                total += (float) ((double) d * d);
                grad[i] = (float) (scale * 2 * d);
            }
            return (float) (scale * total);
        }
    }
}
