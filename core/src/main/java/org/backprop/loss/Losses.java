package org.backprop.loss;

import java.util.Locale;
import java.util.Optional;
import org.backprop.autograd.Reduction;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.Abs;
import org.backprop.autograd.ops.BinaryCrossEntropy;
import org.backprop.autograd.ops.BinaryCrossEntropyWithLogits;
import org.backprop.autograd.ops.CrossEntropy;
import org.backprop.autograd.ops.Elementwise;
import org.backprop.autograd.ops.Huber;
import org.backprop.autograd.ops.SoftmaxCrossEntropy;
import org.backprop.autograd.ops.Square;
import org.backprop.nn.Activation;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;

/**
 * The usual losses. Regression losses compare {@code ŷ} and {@code y} of the same shape;
 * classification losses take class targets.
 *
 * <table>
 *   <caption>Losses and their gradients</caption>
 *   <tr><th>name</th><th>{@code L}</th><th>{@code ∂L/∂ŷ} (per element, before the mean)</th></tr>
 *   <tr><td>{@code mse}</td><td>{@code (1/n) Σ (ŷ−y)²}</td><td>{@code 2(ŷ−y)}</td></tr>
 *   <tr><td>{@code sse}</td><td>{@code Σ (ŷ−y)²}</td><td>{@code 2(ŷ−y)}</td></tr>
 *   <tr><td>{@code half-squared}</td><td>{@code (1/n) Σ ½(ŷ−y)²}</td><td>{@code ŷ−y}</td></tr>
 *   <tr><td>{@code mae}</td><td>{@code (1/n) Σ |ŷ−y|}</td><td>{@code sign(ŷ−y)}</td></tr>
 *   <tr><td>{@code huber}</td><td>{@code (1/n) Σ huber_δ(ŷ−y)}</td><td>{@code ŷ−y}, clipped to {@code ±δ}</td></tr>
 *   <tr><td>{@code bce}</td><td>{@code −(1/n) Σ [y log p + (1−y) log(1−p)]}</td><td>{@code (p−y)/(p(1−p))}</td></tr>
 *   <tr><td>{@code bce-logits}</td><td>the same with {@code p = σ(z)}</td><td>{@code σ(z)−y}</td></tr>
 *   <tr><td>{@code cross-entropy}</td><td>{@code −(1/B) Σ_b log softmax(z_b)_{y_b}}</td><td>{@code softmax(z)−onehot(y)}</td></tr>
 * </table>
 *
 * <p>The lecture's single-example loss {@code L = (ŷ−y)²} is {@code mse()} on one output.
 *
 * <p><b>Threads</b>: every loss returned here is stateless and thread-safe.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean squared error {@code (1/n) Σ (ŷ−y)²} over all elements.
     *
     * @return the loss, stateless; it has a fused {@link RowLoss}
     */
    public static Loss mse() {
        return squared("mse", "(1/n) Σ (ŷ−y)²", 1.0, Reduction.MEAN);
    }

    /**
     * Sum of squared errors {@code Σ (ŷ−y)²}.
     *
     * @return the loss, stateless; it has a fused {@link RowLoss}
     */
    public static Loss sse() {
        return squared("sse", "Σ (ŷ−y)²", 1.0, Reduction.SUM);
    }

    /**
     * The lecture form {@code ½(ŷ−y)²}, averaged over all elements: {@code (1/n) Σ ½(ŷ−y)²}. Its gradient is
     * {@code ŷ−y}.
     *
     * @return the loss, stateless; it has a fused {@link RowLoss}
     */
    public static Loss halfSquared() {
        return squared("half-squared", "(1/n) Σ ½(ŷ−y)²", 0.5, Reduction.MEAN);
    }

    private static Loss squared(String name, String formula, double factor, Reduction reduction) {
        RowLoss rows = new SquaredRows(factor, reduction == Reduction.MEAN);
        return new Simple(name, formula) {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                Variable sq = prediction.sub(Variable.constant(checked(prediction, target, name))).map(new Square());
                Variable r = reduction == Reduction.MEAN ? sq.mean() : sq.sum();
                return factor == 1.0 ? r : r.scale(factor);
            }

            @Override
            public Optional<RowLoss> rowLoss() {
                return Optional.of(rows);
            }
        };
    }

    /**
     * Squared error {@code factor·Σ(ŷ−y)²} as one loop, averaged over all elements or summed:
     * {@code ∂L/∂ŷ = 2·factor·(ŷ−y)/n}, {@code n = batchRows·cols} — the fused form of the graph above ({@code sub}, {@code square},
     * {@code mean}/{@code sum}, {@code scale}), rounded as the graph rounds.
     */
    private record SquaredRows(double factor, boolean mean) implements RowLoss {
        @Override
        public void checkTarget(Tensor target, int rows, int cols) {
            if (target.shape().rank() != 2 || target.shape().dim(0) != rows || target.shape().dim(1) != cols) {
                throw new ShapeMismatchException("squared error: prediction shape [" + rows + ", " + cols
                        + "] and target shape " + target.shape() + " differ");
            }
        }

        @Override
        public double gradient(float[] prediction, Tensor target, int rows, int batchRows, int cols, float[] grad) {
            int size = rows * cols;
            double scale = mean ? factor / ((double) batchRows * cols) : factor;
            double total = 0;
            for (int i = 0; i < size; i++) {
                float d = (float) (prediction[i] - target.get(i));
                total += (float) ((double) d * d);
                grad[i] = (float) (scale * 2 * d);
            }
            return (float) (scale * total);
        }
    }

    /**
     * Mean absolute error {@code (1/n) Σ |ŷ−y|}.
     *
     * @return the loss, stateless (graph form only; its subgradient at {@code ŷ = y} is 0)
     */
    public static Loss mae() {
        return new Simple("mae", "(1/n) Σ |ŷ−y|") {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                return prediction.sub(Variable.constant(checked(prediction, target, name()))).map(new Abs()).mean();
            }
        };
    }

    /**
     * Huber loss with threshold {@code delta}, averaged.
     *
     * @param delta where the penalty turns from quadratic to linear, a finite number {@code > 0}
     * @return the loss, stateless (graph form only)
     * @throws IllegalArgumentException if {@code delta} is not a finite number {@code > 0}
     */
    public static Loss huber(double delta) {
        Huber h = new Huber(delta);
        return new Simple("huber", "(1/n) Σ huber_δ(ŷ−y), δ = " + delta) {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                return new Elementwise(h).apply(prediction.sub(Variable.constant(checked(prediction, target, name())))).mean();
            }
        };
    }

    /**
     * Binary cross-entropy from probabilities (a sigmoid output). After a sigmoid layer the engines
     * compute it on the logits instead ({@link Loss#onPreActivation}): same value, no {@code log 0}.
     *
     * @return the loss, stateless; after a sigmoid output layer the engines use
     *         {@link #binaryCrossEntropyWithLogits()} on the logits
     */
    public static Loss binaryCrossEntropy() {
        return new Simple("bce", "−(1/n) Σ [y log p + (1−y) log(1−p)]") {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                return new BinaryCrossEntropy(checked(prediction, target, name()), Reduction.MEAN).apply(prediction);
            }

            @Override
            public Optional<Loss> onPreActivation(Activation output) {
                return output.equals(Activation.sigmoid()) ? Optional.of(binaryCrossEntropyWithLogits()) : Optional.empty();
            }
        };
    }

    /**
     * Binary cross-entropy on logits {@code z}, with {@code p = σ(z)}: stable for every {@code z}.
     *
     * @return the loss, stateless (graph form only)
     */
    public static Loss binaryCrossEntropyWithLogits() {
        return new Simple("bce-logits", "−(1/n) Σ [y log σ(z) + (1−y) log(1−σ(z))]") {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                return new BinaryCrossEntropyWithLogits(checked(prediction, target, name()), Reduction.MEAN).apply(prediction);
            }
        };
    }

    /**
     * Softmax cross-entropy on logits {@code [B, C]}, targets as class indices {@code [B]} or as
     * probability rows {@code [B, C]} (one-hot), averaged over the batch. Its fused form is
     * {@link SoftmaxCrossEntropy#rows}, the kernel the graph op runs too.
     *
     * @return the loss, stateless; it has a fused {@link RowLoss}
     */
    public static Loss softmaxCrossEntropy() {
        return new Simple("softmax-cross-entropy", "−(1/B) Σ_b Σ_c y_bc log softmax(z_b)_c") {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                return new SoftmaxCrossEntropy(target, Reduction.MEAN).apply(prediction);
            }

            @Override
            public Optional<RowLoss> rowLoss() {
                return Optional.of(SOFTMAX_CROSS_ENTROPY_ROWS);
            }
        };
    }

    private static final RowLoss SOFTMAX_CROSS_ENTROPY_ROWS = new RowLoss() {
        @Override
        public void checkTarget(Tensor target, int rows, int cols) {
            SoftmaxCrossEntropy.checkTarget(target, rows, cols);
        }

        @Override
        public double gradient(float[] logits, Tensor target, int rows, int batchRows, int cols, float[] grad) {
            return SoftmaxCrossEntropy.rows(logits, target, rows, batchRows, cols, Reduction.MEAN, grad);
        }
    };

    /**
     * Cross-entropy for a network whose last layer is a softmax: takes the probabilities
     * {@code p [B, C]} and targets as class indices {@code [B]} or one-hot rows,
     * {@code −(1/B) Σ_b log p_b,y_b} (see {@link CrossEntropy}). After a softmax layer the engines
     * compute it on the logits with {@link #softmaxCrossEntropy()} instead
     * ({@link Loss#onPreActivation}): the same value, stable, with gradient {@code softmax(z) − y}.
     * For raw logits use {@link #softmaxCrossEntropy()}.
     *
     * @return the loss, stateless; after a softmax output layer the engines use
     *         {@link #softmaxCrossEntropy()} on the logits
     */
    public static Loss crossEntropy() {
        return new Simple("cross-entropy", "−(1/B) Σ_b log p_b,y_b with p = softmax(z)") {
            @Override
            public Variable compute(Variable prediction, Tensor target) {
                return new CrossEntropy(target, Reduction.MEAN).apply(prediction);
            }

            @Override
            public Optional<Loss> onPreActivation(Activation output) {
                return output.equals(Activation.softmax()) ? Optional.of(softmaxCrossEntropy()) : Optional.empty();
            }
        };
    }

    /**
     * A loss by its command-line name: {@code mse}, {@code sse}, {@code half-squared}, {@code mae},
     * {@code huber}, {@code bce}, {@code bce-logits}, {@code cross-entropy},
     * {@code softmax-cross-entropy}.
     *
     * @param name the name, case-insensitive, blanks around ignored, {@code _} read as {@code -}; also
     *         accepted: {@code half-mse}, {@code l1}, {@code binary-cross-entropy}, {@code bce-with-logits},
     *         {@code ce}; {@code huber} has δ = 1
     * @return the loss, stateless
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Loss forName(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "mse": return mse();
            case "sse": return sse();
            case "half-squared": case "half-mse": return halfSquared();
            case "mae": case "l1": return mae();
            case "huber": return huber(1.0);
            case "bce": case "binary-cross-entropy": return binaryCrossEntropy();
            case "bce-logits": case "bce-with-logits": return binaryCrossEntropyWithLogits();
            case "cross-entropy": case "ce": return crossEntropy();
            case "softmax-cross-entropy": return softmaxCrossEntropy();
            default:
                throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of mse, sse, half-squared, mae, "
                        + "huber, bce, bce-logits, cross-entropy, softmax-cross-entropy");
        }
    }

    private static Tensor checked(Variable prediction, Tensor target, String loss) {
        if (!prediction.shape().equals(target.shape())) {
            throw new ShapeMismatchException(loss + ": prediction shape " + prediction.shape()
                    + " and target shape " + target.shape() + " differ");
        }
        return target;
    }

    private abstract static class Simple implements Loss {
        private final String name;
        private final String formula;

        Simple(String name, String formula) {
            this.name = name;
            this.formula = formula;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String formula() {
            return formula;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
