package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;

/**
 * AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay. Instead of adding
 * {@code λw} to the gradient (where Adam's scaling would weaken it for parameters with large
 * gradients), it shrinks every weight directly, {@code w ← w·(1 − ηλ)}, then takes the Adam step
 * on the plain gradient.
 */
public final class AdamW extends Adam {

    /**
     * AdamW over {@code parameters}; the config's {@code weightDecay} is the decoupled λ (PyTorch's default is 0.01).
     *
     * @param parameters the parameters to update, in a fixed order
     * @param config     the hyperparameters
     */
    public AdamW(List<Variable> parameters, Config config) {
        super(parameters, config);
    }

    @Override
    protected boolean decoupledWeightDecay() {
        return true;
    }
}
