package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;

/**
 * Code run on every training step after the gradients are complete (backward pass, weight
 * penalties, clipping) and just before the optimiser updates the weights: it may read the
 * gradients (to log or check them) or change them in place (to freeze a weight, mask a layer, add
 * noise). Every engine calls it at the same point, the fused one too (see {@link GradientPipeline}).
 *
 * <pre>{@code
 * Variable w = net.namedParameters().get("layers.0.weight");
 * GradientHook freezeFirst = (params, step) -> w.grad().set(0, 0.0);   // w[0] never moves under plain SGD
 * }</pre>
 *
 * <p>A hook runs on the training thread, once per step. To keep the fused engine allocation-free,
 * a hook should not allocate either; changing a gradient tensor's values is fine, replacing the
 * tensor ({@link Variable#setGrad}) is not supported by the fused engine.
 */
@FunctionalInterface
public interface GradientHook {

    /**
     * Called before the optimiser's step.
     *
     * @param parameters the optimiser's parameters, in its order, each holding its gradient in {@link Variable#grad()}
     * @param step       the number of the step about to be taken, from 1 ({@link Optimizer#stepCount()} + 1)
     */
    void beforeStep(List<Variable> parameters, long step);
}
