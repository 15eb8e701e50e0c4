package org.backprop.nn;

import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Trans;

/**
 * A fully connected layer: every output neuron {@code j} computes
 * {@code zⱼ = Σᵢ wⱼᵢ·xᵢ + bⱼ} and then {@code aⱼ = f(zⱼ)}. For a batch {@code X [B, in]}:
 * {@code Z = X·Wᵀ + b}, {@code A = f(Z)}.
 *
 * <p>Parameters: {@code weight} shaped {@code [out, in]} (row {@code j} holds neuron {@code j}'s
 * incoming weights, as in PyTorch's {@code Linear}) and, unless disabled, {@code bias} shaped
 * {@code [out]}.
 *
 * <p>Backward (by the graph's ops): {@code ∂L/∂Z = ∂L/∂A ⊙ f'(Z)}, {@code ∂L/∂W = (∂L/∂Z)ᵀ·X},
 * {@code ∂L/∂b = Σ_rows ∂L/∂Z}, {@code ∂L/∂X = ∂L/∂Z·W}.
 */
public final class Dense extends Module {

    /**
     * What a dense layer is made of.
     *
     * @param inFeatures  inputs per example, at least 1
     * @param outFeatures neurons, at least 1
     * @param activation  the non-linearity after the affine map
     * @param initializer how the weights start (biases start at zero)
     * @param bias        whether the layer has a bias
     */
    public record Config(int inFeatures, int outFeatures, Activation activation, Initializer initializer, boolean bias) {
        /**
         * Validates the sizes and, when {@code initializer} is {@code null}, fills in the activation's default.
         *
         * @param inFeatures inputs per example, at least 1
         * @param outFeatures neurons, at least 1
         * @param activation the non-linearity, not {@code null}
         * @param initializer how the weights start; {@code null} picks the activation's
         *         {@link Activation#defaultInitializer()}
         * @param bias whether the layer has a bias
         * @throws IllegalArgumentException if a size is below 1 or {@code activation} is {@code null}
         */
        public Config {
            if (inFeatures < 1) {
                throw new IllegalArgumentException("Dense: inFeatures must be at least 1, got " + inFeatures);
            }
            if (outFeatures < 1) {
                throw new IllegalArgumentException("Dense: outFeatures must be at least 1, got " + outFeatures);
            }
            if (activation == null) {
                throw new IllegalArgumentException("Dense: activation is null (use Activation.identity())");
            }
            if (initializer == null) {
                initializer = activation.defaultInitializer();
            }
        }

        /**
         * A layer with a bias and the activation's default initialiser.
         *
         * @param inFeatures inputs per example, at least 1
         * @param outFeatures neurons, at least 1
         * @param activation the non-linearity, not {@code null}
         * @return the configuration
         * @throws IllegalArgumentException if a size is below 1 or {@code activation} is {@code null}
         */
        public static Config of(int inFeatures, int outFeatures, Activation activation) {
            return new Config(inFeatures, outFeatures, activation, null, true);
        }
    }

    private final Config config;
    private final Variable weight;
    private final Variable bias;

    /**
     * A layer initialised from {@code rng}.
     *
     * @param config the sizes, activation, initialiser and bias flag
     * @param rng the source of the initial weights, advanced by the initialiser's draws (the weights and
     *         biases are float32; biases start at zero)
     */
    public Dense(Config config, Rng rng) {
        this.config = config;
        Tensor w = Tensor.zeros(DType.FLOAT32, Shape.of(config.outFeatures(), config.inFeatures()));
        config.initializer().initialize(w, config.inFeatures(), config.outFeatures(), rng);
        this.weight = registerParameter("weight", w);
        this.bias = config.bias() ? registerParameter("bias", Tensor.zeros(DType.FLOAT32, Shape.of(config.outFeatures()))) : null;
    }

    /**
     * Shorthand for {@code new Dense(Config.of(in, out, activation), rng)}.
     *
     * @param inFeatures inputs per example, at least 1
     * @param outFeatures neurons, at least 1
     * @param activation the non-linearity, not {@code null}
     * @param rng the source of the initial weights
     * @throws IllegalArgumentException if a size is below 1 or {@code activation} is {@code null}
     */
    public Dense(int inFeatures, int outFeatures, Activation activation, Rng rng) {
        this(Config.of(inFeatures, outFeatures, activation), rng);
    }

    /**
     * The configuration.
     *
     * @return the configuration given to the constructor
     */
    public Config config() {
        return config;
    }

    /**
     * The weight parameter, {@code [out, in]}.
     *
     * @return the weight variable itself (its value is updated in place by training)
     */
    public Variable weight() {
        return weight;
    }

    /**
     * The bias parameter, {@code [out]}, or {@code null} without bias.
     *
     * @return the bias variable itself, or {@code null}
     */
    public Variable bias() {
        return bias;
    }

    /**
     * The activation.
     *
     * @return the configuration's activation
     */
    public Activation activation() {
        return config.activation();
    }

    /**
     * The pre-activation {@code Z = X·Wᵀ + b}.
     *
     * @param input a batch {@code [B, in]}
     * @return the new graph node {@code Z [B, out]}
     * @throws org.backprop.tensor.ShapeMismatchException if {@code input} is not {@code [B, in]}, naming both
     *         shapes
     */
    public Variable preActivation(Variable input) {
        Shape s = input.shape();
        if (s.rank() != 2 || s.dim(1) != config.inFeatures()) {
            throw new ShapeMismatchException("Dense(" + config.inFeatures() + " → " + config.outFeatures()
                    + "): expected input [batch, " + config.inFeatures() + "], got " + s);
        }
        Variable z = input.matmul(Trans.N, weight, Trans.T);
        return bias == null ? z : z.add(bias);
    }

    /** {@code A = f(X·Wᵀ + b)}. */
    @Override
    public Variable forward(Variable input) {
        return config.activation().apply(preActivation(input));
    }

    @Override
    protected String describe() {
        return "Dense(" + config.inFeatures() + " → " + config.outFeatures() + ", " + config.activation()
                + (config.bias() ? "" : ", no bias") + ")";
    }
}
