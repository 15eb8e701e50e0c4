package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;

/** Optimisers by their command-line names, with the usual default settings (see {@link OptimizerKind}). */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * An optimiser by name: {@code sgd}, {@code momentum} (μ = 0.9), {@code nesterov} (μ = 0.9),
     * {@code adagrad}, {@code rmsprop}, {@code adam}, {@code adamw} (λ = 0.01).
     *
     * @param name the name, as {@link OptimizerKind#parse} reads it
     * @param parameters the parameters to update, not empty, in the order that indexes the optimiser's state
     * @param learningRate the base learning rate η, finite and {@code > 0}
     * @return a new optimiser with empty state
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Optimizer forName(String name, List<Variable> parameters, double learningRate) {
        return OptimizerKind.parse(name).create(parameters, learningRate);
    }

    /**
     * The usual learning rate for an optimiser name (see {@link OptimizerKind#defaultLearningRate()}).
     *
     * @param name the name, as {@link OptimizerKind#parse} reads it
     * @return the learning rate that optimiser usually starts from, 0.1 for {@code sgd}, 0.01 for
     *         {@code adagrad}, 0.001 for the other adaptive ones
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static double defaultLearningRate(String name) {
        return OptimizerKind.parse(name).defaultLearningRate();
    }
}
