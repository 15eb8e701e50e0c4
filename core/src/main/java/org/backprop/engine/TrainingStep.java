package org.backprop.engine;

import org.backprop.tensor.Tensor;

/**
 * One optimisation step on one mini-batch: forward pass, loss, backward pass, parameter update.
 *
 * <p>This is the seam between the trainer and the engines that do the work:
 * {@link AutogradStep} is the reference (the autograd graph, any module, any loss); faster engines
 * for plain dense networks must give the same results within float rounding, and
 * {@link TrainingSteps#create} picks one.
 */
public interface TrainingStep {

    /**
     * Trains on one batch and returns the batch's loss before the update.
     *
     * @param inputs  {@code [B, features]}
     * @param targets class indices {@code [B]} or values {@code [B, outputs]}, as the loss expects
     * @return the batch's loss, before the update
     */
    double step(Tensor inputs, Tensor targets);

    /**
     * A short name for logs, such as {@code autograd} or {@code fused-mlp}.
     *
     * @return the engine's name
     */
    String name();
}
