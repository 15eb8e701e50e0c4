package org.backprop.engine;

import org.backprop.autograd.Variable;
import org.backprop.loss.Loss;
import org.backprop.nn.Module;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.tensor.Tensor;

/**
 * The reference training step, exactly the loop of the lecture:
 * {@code zeroGrad → forward → loss → backward → regularise → step}.
 * Works for any {@link Module} and {@link Loss}; the forward pass and the loss are
 * {@link GraphForward}'s.
 */
public final class AutogradStep implements TrainingStep {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Regularization regularization;

    /** A step for {@code model} trained on {@code loss} by {@code optimizer}, with optional weight penalties. */
    public AutogradStep(Module model, Loss loss, Optimizer optimizer, Regularization regularization) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.regularization = regularization;
    }

    @Override
    public double step(Tensor inputs, Tensor targets) {
        optimizer.zeroGrad();
        Variable l = GraphForward.run(model, loss, inputs, targets).loss();
        l.backward();
        regularization.addToGradients(optimizer.parameters());
        optimizer.step();
        return l.value().item();
    }

    @Override
    public String name() {
        return "autograd";
    }
}
