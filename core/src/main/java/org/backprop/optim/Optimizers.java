package org.backprop.optim;

import java.util.List;
import java.util.Locale;
import org.backprop.autograd.Variable;

/** Optimisers by their command-line names, with the usual default settings. */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * An optimiser by name: {@code sgd}, {@code momentum} (μ = 0.9), {@code nesterov} (μ = 0.9),
     * {@code adagrad}, {@code rmsprop}, {@code adam}, {@code adamw} (λ = 0.01).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Optimizer forName(String name, List<Variable> parameters, double learningRate) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd": case "gd": return new Sgd(parameters, Sgd.Config.of(learningRate));
            case "momentum": return new Sgd(parameters, Sgd.Config.of(learningRate).withMomentum(0.9));
            case "nesterov": return new Sgd(parameters, Sgd.Config.of(learningRate).withNesterov(0.9));
            case "adagrad": return new AdaGrad(parameters, AdaGrad.Config.of(learningRate));
            case "rmsprop": return new RmsProp(parameters, RmsProp.Config.of(learningRate));
            case "adam": return new Adam(parameters, Adam.Config.of(learningRate));
            case "adamw": return new AdamW(parameters, Adam.Config.of(learningRate).withWeightDecay(0.01));
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of sgd, momentum, "
                        + "nesterov, adagrad, rmsprop, adam, adamw");
        }
    }

    /** The usual learning rate for an optimiser name: 0.001 for the adaptive ones, 0.1 for gradient descent. */
    public static double defaultLearningRate(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "adam": case "adamw": case "rmsprop": return 0.001;
            case "adagrad": return 0.01;
            default: return 0.1;
        }
    }
}
