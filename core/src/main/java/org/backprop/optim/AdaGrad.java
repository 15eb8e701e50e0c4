package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011): each parameter's step shrinks with the sum of all its
 * past squared gradients, so rarely updated parameters keep large steps.
 *
 * <pre>
 *   g ← ∂L/∂w (+ λw)     S ← S + g²     w ← w − η·g / (√S + ε)
 * </pre>
 */
public final class AdaGrad extends Optimizer {

    /**
     * Hyperparameters of AdaGrad.
     *
     * @param learningRate η &gt; 0
     * @param epsilon      ε &gt; 0 (PyTorch uses 1e-10)
     * @param weightDecay  λ ≥ 0
     */
    public record Config(double learningRate, double epsilon, double weightDecay) {
        /**
         * Validates every field, naming the bad one.
         *
         * @param learningRate η, finite and {@code > 0}
         * @param epsilon ε, finite and {@code > 0}
         * @param weightDecay λ, finite and {@code ≥ 0}
         * @throws IllegalArgumentException naming the first field out of range
         */
        public Config {
            Check.positive("AdaGrad.Config", "learningRate", learningRate);
            Check.positive("AdaGrad.Config", "epsilon", epsilon);
            Check.nonNegative("AdaGrad.Config", "weightDecay", weightDecay);
        }

        /**
         * ε = 1e-10, no decay, with learning rate η.
         *
         * @param learningRate η, finite and {@code > 0}
         * @return the configuration
         * @throws IllegalArgumentException if {@code learningRate} is not a finite number {@code > 0}
         */
        public static Config of(double learningRate) {
            return new Config(learningRate, 1e-10, 0);
        }
    }

    private final Config config;

    /**
     * AdaGrad over {@code parameters}.
     *
     * @param parameters the parameters to update, in the order that indexes the optimiser's state (the list
     *         is copied; the variables are updated in place)
     * @param config the hyperparameters
     * @throws IllegalArgumentException if {@code parameters} is empty
     */
    public AdaGrad(List<Variable> parameters, Config config) {
        super(parameters, config.learningRate(), "sum");
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
        Tensor sum = buffer("sum", index);
        for (int i = 0; i < w.size(); i++) {
            double g = grad.get(i) + config.weightDecay() * w.get(i);
            double si = sum.get(i) + g * g;
            sum.set(i, si);
            w.set(i, w.get(i) - eta * g / (Math.sqrt(si) + config.epsilon()));
        }
    }

    /**
     * The same rule for float32 parameters in float32 arithmetic (as PyTorch does), one loop over
     * the arrays that the JIT vectorises; every lane gives the scalar's bits. Allocates nothing.
     */
    private void updateFloat(int index, float[] w, float[] grad, int size) {
        float eta = (float) learningRate();
        float eps = (float) config.epsilon();
        float lambda = (float) config.weightDecay();
        float[] sum = buffer("sum", index).floatData();
        for (int i = 0; i < size; i++) {
            float g = grad[i] + lambda * w[i];
            float si = sum[i] + g * g;
            sum[i] = si;
            w[i] -= eta * (g / ((float) Math.sqrt(si) + eps));
        }
    }
}
