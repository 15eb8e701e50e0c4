package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * RMSProp (Hinton): divides each step by a running root mean square of recent gradients.
 *
 * <pre>
 *   g ← ∂L/∂w (+ λw)       s ← αs + (1−α)g²
 *   without momentum:  w ← w − η·g / (√s + ε)
 *   with momentum μ:   b ← μb + g / (√s + ε);  w ← w − η·b
 * </pre>
 */
public final class RmsProp extends Optimizer {

    /**
     * Hyperparameters of RMSProp.
     *
     * @param learningRate η &gt; 0
     * @param alpha        decay of the squared-gradient average, in {@code [0, 1)}
     * @param epsilon      ε &gt; 0
     * @param momentum     μ in {@code [0, 1)}, 0 for none
     * @param weightDecay  λ ≥ 0
     */
    public record Config(double learningRate, double alpha, double epsilon, double momentum, double weightDecay) {
        /**
         * Validates every field, naming the bad one.
         *
         * @param learningRate η, finite and {@code > 0}
         * @param alpha decay of the squared-gradient average, in {@code [0, 1)}
         * @param epsilon ε, finite and {@code > 0}
         * @param momentum μ in {@code [0, 1)}, 0 for none
         * @param weightDecay λ, finite and {@code ≥ 0}
         * @throws IllegalArgumentException naming the first field out of range
         */
        public Config {
            Check.positive("RmsProp.Config", "learningRate", learningRate);
            Check.fraction("RmsProp.Config", "alpha", alpha);
            Check.positive("RmsProp.Config", "epsilon", epsilon);
            Check.fraction("RmsProp.Config", "momentum", momentum);
            Check.nonNegative("RmsProp.Config", "weightDecay", weightDecay);
        }

        /**
         * α = 0.99, ε = 1e-8, no momentum, no decay, with learning rate η.
         *
         * @param learningRate η, finite and {@code > 0}
         * @return the configuration
         * @throws IllegalArgumentException if {@code learningRate} is not a finite number {@code > 0}
         */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0.99, 1e-8, 0, 0);
        }

        /**
         * This configuration with momentum μ.
         *
         * @param mu the momentum μ, in {@code [0, 1)}
         * @return a new configuration equal to this one but for the momentum
         * @throws IllegalArgumentException if {@code mu} is outside {@code [0, 1)}
         */
        public Config withMomentum(double mu) {
            return new Config(learningRate, alpha, epsilon, mu, weightDecay);
        }
    }

    private final Config config;

    /**
     * RMSProp over {@code parameters}.
     *
     * @param parameters the parameters to update, in the order that indexes the optimiser's state (the list
     *         is copied; the variables are updated in place)
     * @param config the hyperparameters
     * @throws IllegalArgumentException if {@code parameters} is empty
     */
    public RmsProp(List<Variable> parameters, Config config) {
        super(parameters, config.learningRate(), "square_avg", "momentum");
        this.config = config;
    }

    /**
     * The hyperparameters.
     *
     * @return the configuration given to the constructor
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
        double a = config.alpha();
        double mu = config.momentum();
        Tensor s = buffer("square_avg", index);
        Tensor b = mu > 0 ? buffer("momentum", index) : null;
        for (int i = 0; i < w.size(); i++) {
            double g = grad.get(i) + config.weightDecay() * w.get(i);
            double si = a * s.get(i) + (1 - a) * g * g;
            s.set(i, si);
            double scaled = g / (Math.sqrt(si) + config.epsilon());
            if (b != null) {
                double bi = mu * b.get(i) + scaled;
                b.set(i, bi);
                w.set(i, w.get(i) - eta * bi);
            } else {
                w.set(i, w.get(i) - eta * scaled);
            }
        }
    }

    /**
     * The same rule for float32 parameters in float32 arithmetic (as PyTorch does), one loop per
     * case over the arrays with the branches hoisted, so the JIT vectorises it; every lane gives the
     * scalar's bits. Allocates nothing.
     */
    private void updateFloat(int index, float[] w, float[] grad, int size) {
        float eta = (float) learningRate();
        float a = (float) config.alpha();
        float ca = (float) (1 - config.alpha());
        float eps = (float) config.epsilon();
        float lambda = (float) config.weightDecay();
        float mu = (float) config.momentum();
        float[] s = buffer("square_avg", index).floatData();
        if (mu > 0f) {
            float[] b = buffer("momentum", index).floatData();
            for (int i = 0; i < size; i++) {
                float g = grad[i] + lambda * w[i];
                float si = a * s[i] + ca * (g * g);
                s[i] = si;
                float bi = mu * b[i] + g / ((float) Math.sqrt(si) + eps);
                b[i] = bi;
                w[i] -= eta * bi;
            }
        } else {
            for (int i = 0; i < size; i++) {
                float g = grad[i] + lambda * w[i];
                float si = a * s[i] + ca * (g * g);
                s[i] = si;
                w[i] -= eta * (g / ((float) Math.sqrt(si) + eps));
            }
        }
    }
}
