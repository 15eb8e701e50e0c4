package org.backprop.train;

import org.backprop.loss.Loss;
import org.backprop.nn.Module;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;

/** Chooses the engine for a training step. */
public final class TrainingSteps {
    private TrainingSteps() {
    }

    /**
     * The fastest engine that supports this model, loss and optimiser; the reference
     * {@link AutogradStep} when no faster one does.
     */
    public static TrainingStep create(Module model, Loss loss, Optimizer optimizer, Regularization regularization) {
        return new AutogradStep(model, loss, optimizer, regularization);
    }
}
