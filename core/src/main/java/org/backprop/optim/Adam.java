package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * Adam (Kingma and Ba, 2015): a step per parameter scaled by running estimates of the gradient's
 * mean and uncentred variance.
 *
 * <pre>
 *   g ← ∂L/∂w (+ λw for L2 weight decay)
 *   m ← β₁m + (1−β₁)g          v ← β₂v + (1−β₂)g²
 *   w ← w − η/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)
 * </pre>
 *
 * The factors {@code 1/(1−βᵗ)} undo the bias of estimates started at zero. This is PyTorch's exact
 * arrangement of ε. {@link AdamW} differs only in how weight decay is applied.
 *
 * <p>Float32 parameters are updated in float32 arithmetic (as PyTorch does), in one pass over the
 * arrays that the JIT vectorises (no fused multiply-add: Java never contracts {@code a·b + c}, so
 * every lane gives the scalar's bits, whatever the vector width); float64 ones in double.
 *
 * <p>{@code t} is the optimiser's {@link #stepCount()}. PyTorch counts steps per parameter instead;
 * the two agree unless a parameter goes without a gradient on some steps (a frozen or unused layer),
 * which Backprop skips without resetting its clock.
 */
public class Adam extends Optimizer {

    /**
     * Hyperparameters of Adam and AdamW.
     *
     * @param learningRate η &gt; 0 (0.001 is the usual start)
     * @param beta1        decay of the mean estimate, in {@code [0, 1)}
     * @param beta2        decay of the variance estimate, in {@code [0, 1)}
     * @param epsilon      ε &gt; 0, keeps the division finite
     * @param weightDecay  λ ≥ 0
     */
    public record Config(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        /**
         * Validates every field, naming the bad one.
         *
         * @param learningRate η
         * @param beta1        β₁, the first moment's decay
         * @param beta2        β₂, the second moment's decay
         * @param epsilon      ε in the denominator
         * @param weightDecay  λ
         */
        public Config {
            Check.positive("Adam.Config", "learningRate", learningRate);
            Check.fraction("Adam.Config", "beta1", beta1);
            Check.fraction("Adam.Config", "beta2", beta2);
            Check.positive("Adam.Config", "epsilon", epsilon);
            Check.nonNegative("Adam.Config", "weightDecay", weightDecay);
        }

        /**
         * The usual settings β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no decay, with learning rate η.
         *
         * @param learningRate η
         * @return the configuration
         */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0.9, 0.999, 1e-8, 0);
        }

        /**
         * This configuration with weight decay λ.
         *
         * @param lambda the weight decay λ
         * @return the new configuration
         */
        public Config withWeightDecay(double lambda) {
            return new Config(learningRate, beta1, beta2, epsilon, lambda);
        }
    }

    private final Config config;

    /**
     * Adam over {@code parameters}, with L2 weight decay added to the gradient.
     *
     * @param parameters the parameters to update, in a fixed order
     * @param config     the hyperparameters
     */
    public Adam(List<Variable> parameters, Config config) {
        super(parameters, config.learningRate(), "m", "v");
        this.config = config;
    }

    /**
     * The hyperparameters.
     *
     * @return the hyperparameters
     */
    public Config config() {
        return config;
    }

    /**
     * Whether weight decay is decoupled from the gradient (AdamW) rather than added to it (Adam).
     *
     * @return {@code true} when weight decay is applied to the weights directly (AdamW)
     */
    protected boolean decoupledWeightDecay() {
        return false;
    }

    @Override
    protected final void update(int index, Tensor w, Tensor grad) {
        if (w.dtype() == DType.FLOAT32 && grad.dtype() == DType.FLOAT32) {
            updateFloat(index, w.floatData(), grad.floatData(), w.size());
            return;
        }
        double eta = learningRate();
        double lambda = config.weightDecay();
        double b1 = config.beta1();
        double b2 = config.beta2();
        long t = stepCount();
        double bias1 = 1 - Math.pow(b1, t);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(b2, t));
        Tensor m = buffer("m", index);
        Tensor v = buffer("v", index);
        boolean decoupled = decoupledWeightDecay();
        for (int i = 0; i < w.size(); i++) {
            double wi = w.get(i);
            double g = grad.get(i);
            if (decoupled) {
                wi *= 1 - eta * lambda;
            } else {
                g += lambda * wi;
            }
            double mi = b1 * m.get(i) + (1 - b1) * g;
            double vi = b2 * v.get(i) + (1 - b2) * g * g;
            m.set(i, mi);
            v.set(i, vi);
            w.set(i, wi - eta / bias1 * mi / (Math.sqrt(vi) / sqrtBias2 + config.epsilon()));
        }
    }

    /**
     * The same rule for float32 parameters in float32 arithmetic, PyTorch's arrangement
     * ({@code w ← w − (η/(1−β₁ᵗ))·(m / (√v/√(1−β₂ᵗ) + ε))}), as one loop per case over the arrays
     * with every branch hoisted, so the JIT vectorises it. Allocates nothing.
     */
    private void updateFloat(int index, float[] w, float[] grad, int size) {
        double eta = learningRate();
        long t = stepCount();
        float[] m = buffer("m", index).floatData();
        float[] v = buffer("v", index).floatData();
        float b1 = (float) config.beta1();
        float c1 = (float) (1 - config.beta1());
        float b2 = (float) config.beta2();
        float c2 = (float) (1 - config.beta2());
        float stepSize = (float) (eta / (1 - Math.pow(config.beta1(), t)));
        float sqrtBias2 = (float) Math.sqrt(1 - Math.pow(config.beta2(), t));
        float eps = (float) config.epsilon();
        float lambda = (float) config.weightDecay();
        if (lambda != 0f && decoupledWeightDecay()) {
            float shrink = (float) (1 - eta * config.weightDecay());
            for (int i = 0; i < size; i++) {
                w[i] *= shrink;
            }
        }
        if (lambda != 0f && !decoupledWeightDecay()) {
            for (int i = 0; i < size; i++) {
                float g = grad[i] + lambda * w[i];
                float mi = b1 * m[i] + c1 * g;
                float vi = b2 * v[i] + c2 * (g * g);
                m[i] = mi;
                v[i] = vi;
                w[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / sqrtBias2 + eps));
            }
        } else {
            for (int i = 0; i < size; i++) {
                float g = grad[i];
                float mi = b1 * m[i] + c1 * g;
                float vi = b2 * v[i] + c2 * (g * g);
                m[i] = mi;
                v[i] = vi;
                w[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / sqrtBias2 + eps));
            }
        }
    }
}
