package org.backprop.loss;

import org.backprop.autograd.Variable;
import org.backprop.tensor.Tensor;

/**
 * A loss {@code L(ŷ, y)}: one number saying how far the predictions are from the targets, built
 * as a graph node so that {@code loss.backward()} starts backpropagation. Factories are in
 * {@link Losses}.
 */
public interface Loss {

    /**
     * The loss of {@code prediction} against {@code target}, as a scalar variable.
     *
     * @throws org.backprop.tensor.ShapeMismatchException naming both shapes when they do not fit
     */
    Variable compute(Variable prediction, Tensor target);

    /** The name as written on the command line and in model files: {@code mse}, {@code cross-entropy}, … */
    String name();

    /** The formula, for explanations: {@code (1/n) Σ (ŷ−y)²}, … */
    String formula();
}
