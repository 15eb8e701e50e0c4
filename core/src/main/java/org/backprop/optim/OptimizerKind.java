package org.backprop.optim;

import java.util.List;
import java.util.Locale;
import org.backprop.autograd.Variable;

/**
 * The optimisers a training run can name, each with its usual settings and learning rate:
 * {@code sgd}, {@code momentum} (μ = 0.9), {@code nesterov} (μ = 0.9), {@code adagrad},
 * {@code rmsprop}, {@code adam}, {@code adamw} (λ = 0.01).
 */
public enum OptimizerKind {
    /** Plain gradient descent {@code w ← w − η·g}; usual η = 0.1. */
    SGD(0.1),
    /** Gradient descent with classical momentum μ = 0.9; usual η = 0.1. */
    MOMENTUM(0.1),
    /** Gradient descent with Nesterov momentum μ = 0.9; usual η = 0.1. */
    NESTEROV(0.1),
    /** AdaGrad; usual η = 0.01. */
    ADAGRAD(0.01),
    /** RMSProp; usual η = 0.001. */
    RMSPROP(0.001),
    /** Adam; usual η = 0.001. */
    ADAM(0.001),
    /** AdamW with decoupled weight decay λ = 0.01; usual η = 0.001. */
    ADAMW(0.001);

    private final double defaultLearningRate;

    OptimizerKind(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /**
     * The kind a name means: {@code sgd} (or {@code gd}), {@code momentum}, … (any case).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     * @param name such as {@code adam}
     * @return the kind
     */
    public static OptimizerKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("gd")) {
            return SGD;
        }
        for (OptimizerKind k : values()) {
            if (k.label().equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of sgd, momentum, "
                + "nesterov, adagrad, rmsprop, adam, adamw");
    }

    /**
     * The lower-case name used on the command line and in model files.
     *
     * @return the name used on the command line
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The usual learning rate: 0.001 for the adaptive ones, 0.01 for AdaGrad, 0.1 for gradient descent.
     *
     * @return the usual learning rate
     */
    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /**
     * A new optimiser of this kind over {@code parameters}.
     *
     * @param parameters   the parameters to update
     * @param learningRate η
     * @return the optimiser
     */
    public Optimizer create(List<Variable> parameters, double learningRate) {
        switch (this) {
            case SGD: return new Sgd(parameters, Sgd.Config.of(learningRate));
            case MOMENTUM: return new Sgd(parameters, Sgd.Config.of(learningRate).withMomentum(0.9));
            case NESTEROV: return new Sgd(parameters, Sgd.Config.of(learningRate).withNesterov(0.9));
            case ADAGRAD: return new AdaGrad(parameters, AdaGrad.Config.of(learningRate));
            case RMSPROP: return new RmsProp(parameters, RmsProp.Config.of(learningRate));
            case ADAM: return new Adam(parameters, Adam.Config.of(learningRate));
            default: return new AdamW(parameters, Adam.Config.of(learningRate).withWeightDecay(0.01));
        }
    }
}
