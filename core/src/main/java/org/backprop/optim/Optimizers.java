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
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd", "gd" -> new Sgd(parameters, Sgd.Config.of(learningRate));
            case "momentum" -> new Sgd(parameters, Sgd.Config.of(learningRate).withMomentum(0.9));
            case "nesterov" -> new Sgd(parameters, Sgd.Config.of(learningRate).withNesterov(0.9));
            case "adagrad" -> new AdaGrad(parameters, AdaGrad.Config.of(learningRate));
            case "rmsprop" -> new RmsProp(parameters, RmsProp.Config.of(learningRate));
            case "adam" -> new Adam(parameters, Adam.Config.of(learningRate));
            case "adamw" -> new AdamW(parameters, Adam.Config.of(learningRate).withWeightDecay(0.01));
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of sgd, momentum, "
                    + "nesterov, adagrad, rmsprop, adam, adamw");
        };
    }

    /** The usual learning rate for an optimiser name: 0.001 for the adaptive ones, 0.1 for gradient descent. */
    public static double defaultLearningRate(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "adam", "adamw", "rmsprop" -> 0.001;
            case "adagrad" -> 0.01;
            default -> 0.1;
        };
    }
}
