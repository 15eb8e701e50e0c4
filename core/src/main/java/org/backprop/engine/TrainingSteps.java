package org.backprop.engine;

import org.backprop.loss.Loss;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;

/** Chooses the engine for a training step. */
public final class TrainingSteps {
    private TrainingSteps() {
    }

    /**
     * The fastest engine that supports this model, loss and optimiser: the allocation-free
     * {@link FusedMlpStep} for a {@link Network} of dense layers with a loss it fuses (see
     * {@link FusedMlpStep#unsupportedReason}), else the reference {@link AutogradStep}.
     */
    public static TrainingStep create(Module model, Loss loss, Optimizer optimizer, Regularization regularization) {
        return create(model, loss, optimizer, regularization, 1);
    }

    /**
     * As {@link #create(Module, Loss, Optimizer, Regularization)}, letting the engine use up to
     * {@code threads} threads. Results are bit-identical whatever the thread count.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static TrainingStep create(Module model, Loss loss, Optimizer optimizer, Regularization regularization,
                                      int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (FusedMlpStep.unsupportedReason(model, loss, optimizer).isEmpty()) {
            return new FusedMlpStep((Network) model, loss, optimizer, regularization, threads);
        }
        return new AutogradStep(model, loss, optimizer, regularization);
    }
}
