package org.backprop.engine;

import org.backprop.loss.Loss;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.optim.GradientPipeline;
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
     *
     * @param model          the model to train
     * @param loss           the loss
     * @param optimizer      the optimiser over the model's parameters
     * @param regularization the weight penalties
     * @return the step, on one thread
     */
    public static TrainingStep create(Module model, Loss loss, Optimizer optimizer, Regularization regularization) {
        return create(model, loss, optimizer, regularization, 1);
    }

    /**
     * As {@link #create(Module, Loss, Optimizer, Regularization)}, letting the engine use up to
     * {@code threads} threads. Results are bit-identical whatever the thread count.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     * @param model          the model to train
     * @param loss           the loss
     * @param optimizer      the optimiser over the model's parameters
     * @param regularization the weight penalties
     * @param threads        the most threads a step may use
     * @return the step
     */
    public static TrainingStep create(Module model, Loss loss, Optimizer optimizer, Regularization regularization,
                                      int threads) {
        return create(model, loss, optimizer, GradientPipeline.of(regularization), threads);
    }

    /**
     * As {@link #create(Module, Loss, Optimizer, Regularization, int)}, with weight penalties,
     * clipping and hooks between the backward pass and each update. Both engines apply them the
     * same way, so clipping or a hook never makes a dense network fall back to the graph.
     *
     * @param model     the model to train
     * @param loss      the loss
     * @param optimizer the optimiser over the model's parameters
     * @param gradients what to do to the gradients before each update
     * @param threads   the most threads a step may use
     * @return the step
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static TrainingStep create(Module model, Loss loss, Optimizer optimizer, GradientPipeline gradients,
                                      int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (FusedMlpStep.unsupportedReason(model, loss, optimizer).isEmpty()) {
            return new FusedMlpStep((Network) model, loss, optimizer, gradients, threads);
        }
        return new AutogradStep(model, loss, optimizer, gradients);
    }
}
