package org.backprop.loss;

import org.backprop.tensor.Tensor;

/**
 * A loss as one loop over float rows that computes its value and its gradient together: the form
 * the fused engine runs. A {@link Loss} that has one hands it out through {@link Loss#rowLoss()};
 * its value and gradient equal the loss's graph form within float rounding (the tests hold them to
 * it).
 */
public interface RowLoss {

    /**
     * Checks the targets of a batch of {@code rows} outputs of width {@code cols}.
     *
     * @throws org.backprop.tensor.ShapeMismatchException naming both shapes
     */
    void checkTarget(Tensor target, int rows, int cols);

    /**
     * Writes {@code ∂L/∂input} for the {@code rows × cols} block {@code input} into {@code grad}
     * and returns the loss, rounded to float as a float32 loss is.
     */
    double gradient(float[] input, Tensor target, int rows, int cols, float[] grad);
}
