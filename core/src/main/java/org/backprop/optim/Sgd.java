package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * Gradient descent: {@code w ← w − η·∂L/∂w}, the update of the lecture, with optional momentum.
 *
 * <p>With L2 weight decay {@code λ} the gradient is first {@code g = ∂L/∂w + λw}. With momentum
 * {@code μ} (PyTorch's rule): {@code v ← μv + g} ({@code v = g} on the first step), then
 * {@code w ← w − η·v}, or for Nesterov {@code w ← w − η·(g + μv)}, which looks one step ahead.
 *
 * <p>Float32 parameters are updated in float32 arithmetic (as PyTorch does), float64 ones in double.
 *
 * <p>A learning rate too high overshoots the minimum and the loss grows or oscillates; too low and
 * it crawls.
 */
public final class Sgd extends Optimizer {

    /** Which momentum rule, if any. */
    public enum Momentum {
        /** No momentum: {@code w ← w − η·g}. */
        NONE,
        /** Classical (heavy-ball) momentum. */
        CLASSICAL,
        /** Nesterov's accelerated gradient. */
        NESTEROV
    }

    /**
     * Hyperparameters of gradient descent.
     *
     * @param learningRate η, &gt; 0
     * @param momentumRule which momentum rule
     * @param momentum     μ in {@code [0, 1)}; must be &gt; 0 unless the rule is {@link Momentum#NONE}
     * @param weightDecay  λ ≥ 0, L2 regularisation added to the gradient
     */
    public record Config(double learningRate, Momentum momentumRule, double momentum, double weightDecay) {
        /**
         * Validates every field, naming the bad one.
         *
         * @param learningRate η
         * @param momentumRule none, classical or Nesterov
         * @param momentum     μ
         * @param weightDecay  λ
         */
        public Config {
            Check.positive("Sgd.Config", "learningRate", learningRate);
            if (momentumRule == null) {
                throw new IllegalArgumentException("Sgd.Config: momentumRule is null (use Momentum.NONE for none)");
            }
            Check.fraction("Sgd.Config", "momentum", momentum);
            Check.nonNegative("Sgd.Config", "weightDecay", weightDecay);
            if (momentumRule != Momentum.NONE && momentum == 0) {
                throw new IllegalArgumentException("Sgd.Config: momentumRule " + momentumRule + " needs momentum > 0, got 0");
            }
        }

        /**
         * Plain gradient descent with learning rate η.
         *
         * @param learningRate η
         * @return the configuration
         */
        public static Config of(double learningRate) {
            return new Config(learningRate, Momentum.NONE, 0, 0);
        }

        /**
         * This configuration with classical momentum μ.
         *
         * @param mu the momentum μ
         * @return the new configuration
         */
        public Config withMomentum(double mu) {
            return new Config(learningRate, Momentum.CLASSICAL, mu, weightDecay);
        }

        /**
         * This configuration with Nesterov momentum μ.
         *
         * @param mu the momentum μ
         * @return the new configuration
         */
        public Config withNesterov(double mu) {
            return new Config(learningRate, Momentum.NESTEROV, mu, weightDecay);
        }

        /**
         * This configuration with L2 weight decay λ.
         *
         * @param lambda the weight decay λ
         * @return the new configuration
         */
        public Config withWeightDecay(double lambda) {
            return new Config(learningRate, momentumRule, momentum, lambda);
        }
    }

    private final Config config;

    /**
     * Gradient descent over {@code parameters}.
     *
     * @param parameters the parameters to update, in a fixed order
     * @param config     the hyperparameters
     */
    public Sgd(List<Variable> parameters, Config config) {
        super(parameters, config.learningRate(), "momentum");
        this.config = config;
    }

    /**
     * The hyperparameters it was made with (the learning rate may since have been changed by a schedule).
     *
     * @return the hyperparameters
     */
    public Config config() {
        return config;
    }

    @Override
    protected void update(int index, Tensor w, Tensor grad) {
        if (w.dtype() == DType.FLOAT32 && grad.dtype() == DType.FLOAT32) {
            updateFloat(index, w.floatData(), grad.floatData(), w.size());
            return;
        }
        double eta = learningRate();
        double lambda = config.weightDecay();
        double mu = config.momentum();
        if (config.momentumRule() == Momentum.NONE) {
            for (int i = 0; i < w.size(); i++) {
                double g = grad.get(i) + lambda * w.get(i);
                w.set(i, w.get(i) - eta * g);
            }
            return;
        }
        boolean first = !hasBuffer("momentum", index);
        Tensor v = buffer("momentum", index);
        for (int i = 0; i < w.size(); i++) {
            double g = grad.get(i) + lambda * w.get(i);
            double vi = first ? g : mu * v.get(i) + g;
            v.set(i, vi);
            double direction = config.momentumRule() == Momentum.NESTEROV ? g + mu * vi : vi;
            w.set(i, w.get(i) - eta * direction);
        }
    }

    /**
     * The same rule for float32 parameters, in float32 arithmetic as PyTorch does it (its
     * {@code p.add_(grad, alpha=-lr)} works in the parameter's dtype). Written as plain loops over
     * the arrays with the branches hoisted, so the JIT vectorises them: the general loop's
     * per-element {@code Tensor.get/set} calls in double took a fifth of a training step.
     */
    private void updateFloat(int index, float[] w, float[] grad, int size) {
        float eta = (float) learningRate();
        float lambda = (float) config.weightDecay();
        float mu = (float) config.momentum();
        if (config.momentumRule() == Momentum.NONE) {
            if (lambda == 0f) {
                for (int i = 0; i < size; i++) {
                    w[i] -= eta * grad[i];
                }
            } else {
                for (int i = 0; i < size; i++) {
                    w[i] -= eta * (grad[i] + lambda * w[i]);
                }
            }
            return;
        }
        boolean first = !hasBuffer("momentum", index);
        float[] v = buffer("momentum", index).floatData();
        if (first) {
            for (int i = 0; i < size; i++) {
                v[i] = grad[i] + lambda * w[i];
            }
        } else {
            for (int i = 0; i < size; i++) {
                v[i] = mu * v[i] + (grad[i] + lambda * w[i]);
            }
        }
        if (config.momentumRule() == Momentum.NESTEROV) {
            for (int i = 0; i < size; i++) {
                w[i] -= eta * ((grad[i] + lambda * w[i]) + mu * v[i]);
            }
        } else {
            for (int i = 0; i < size; i++) {
                w[i] -= eta * v[i];
            }
        }
    }
}
