package org.backprop.engine;

import org.backprop.autograd.Variable;
import org.backprop.loss.Loss;
import org.backprop.nn.Module;
import org.backprop.optim.GradientPipeline;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.tensor.Tensor;

/**
 * The reference training step, exactly the loop of the lecture:
 * {@code zeroGrad → forward → loss → backward → regularise, clip, hooks → step}.
 * Works for any {@link Module} and {@link Loss}; the forward pass and the loss are
 * {@link GraphForward}'s, what happens between backward and step is the {@link GradientPipeline}'s.
 *
 * <p>Not thread-safe: one step object trains one model on one thread.
 */
public final class AutogradStep implements TrainingStep {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final GradientPipeline gradients;

    /**
     * A step for {@code model} trained on {@code loss} by {@code optimizer}, with optional weight penalties.
     *
     * @param model          the model to train
     * @param loss           the loss
     * @param optimizer      the optimiser over the model's parameters
     * @param regularization the weight penalties
     */
    public AutogradStep(Module model, Loss loss, Optimizer optimizer, Regularization regularization) {
        this(model, loss, optimizer, GradientPipeline.of(regularization));
    }

    /**
     * A step for {@code model} trained on {@code loss} by {@code optimizer}, with weight penalties,
     * clipping and hooks between the backward pass and the update.
     *
     * @param model     the model to train
     * @param loss      the loss
     * @param optimizer the optimiser over the model's parameters
     * @param gradients what to do to the gradients before each update
     */
    public AutogradStep(Module model, Loss loss, Optimizer optimizer, GradientPipeline gradients) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.gradients = gradients;
    }

    @Override
    public double step(Tensor inputs, Tensor targets) {
        optimizer.zeroGrad();
        Variable l = GraphForward.run(model, loss, inputs, targets).loss();
        l.backward();
        gradients.apply(optimizer.parameters(), optimizer.stepCount() + 1);
        optimizer.step();
        return l.value().item();
    }

    @Override
    public String name() {
        return "autograd";
    }
}
