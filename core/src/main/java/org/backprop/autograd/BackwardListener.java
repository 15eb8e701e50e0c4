package org.backprop.autograd;

import org.backprop.tensor.Tensor;

/**
 * Watches the reverse sweep of {@link Variable#backward(Tensor, BackwardListener)}: told, for each
 * node in the order the sweep visits them, the gradient that arrived at the node and the gradients
 * it passed to its inputs. This is how {@code explain} shows the real backward pass, number by
 * number, instead of recomputing it.
 */
@FunctionalInterface
public interface BackwardListener {

    /** A listener that does nothing. */
    BackwardListener NONE = (node, gradOutput, gradInputs) -> { };

    /**
     * Called once per interior node, after its backward rule ran.
     *
     * @param node       the node (its {@link Variable#function()} made it)
     * @param gradOutput {@code ∂L/∂node}, complete (every use of the node has contributed)
     * @param gradInputs {@code ∂L/∂input} from this node alone, one per input ({@code null} where none)
     */
    void onBackward(Variable node, Tensor gradOutput, Tensor[] gradInputs);
}
