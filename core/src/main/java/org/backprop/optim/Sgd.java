package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.Tensor;

/**
 * Gradient descent: {@code w ← w − η·∂L/∂w}, the update of the lecture, with optional momentum.
 *
 * <p>With L2 weight decay {@code λ} the gradient is first {@code g = ∂L/∂w + λw}. With momentum
 * {@code μ} (PyTorch's rule): {@code v ← μv + g} ({@code v = g} on the first step), then
 * {@code w ← w − η·v}, or for Nesterov {@code w ← w − η·(g + μv)}, which looks one step ahead.
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
        /** Validates every field, naming the bad one. */
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

        /** Plain gradient descent with learning rate η. */
        public static Config of(double learningRate) {
            return new Config(learningRate, Momentum.NONE, 0, 0);
        }

        /** This configuration with classical momentum μ. */
        public Config withMomentum(double mu) {
            return new Config(learningRate, Momentum.CLASSICAL, mu, weightDecay);
        }

        /** This configuration with Nesterov momentum μ. */
        public Config withNesterov(double mu) {
            return new Config(learningRate, Momentum.NESTEROV, mu, weightDecay);
        }

        /** This configuration with L2 weight decay λ. */
        public Config withWeightDecay(double lambda) {
            return new Config(learningRate, momentumRule, momentum, lambda);
        }
    }

    private final Config config;

    /** Gradient descent over {@code parameters}. */
    public Sgd(List<Variable> parameters, Config config) {
        super(parameters, config.learningRate(), "momentum");
        this.config = config;
    }

    /** The hyperparameters it was made with (the learning rate may since have been changed by a schedule). */
    public Config config() {
        return config;
    }

    @Override
    protected void update(int index, Tensor w, Tensor grad) {
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
}
