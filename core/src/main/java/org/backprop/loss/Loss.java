package org.backprop.loss;

import java.util.Optional;
import org.backprop.autograd.Variable;
import org.backprop.nn.Activation;
import org.backprop.tensor.Tensor;

/**
 * A loss {@code L(ŷ, y)}: one number saying how far the predictions are from the targets, built
 * as a graph node so that {@code loss.backward()} starts backpropagation. Factories are in
 * {@link Losses}.
 *
 * <p>As in PyTorch, a loss takes what the network gives and never looks back into the graph. Two
 * optional declarations let the engines go faster without changing the result:
 * {@link #rowLoss()} (the fused loop, value and gradient together) and
 * {@link #onPreActivation(Activation)} (the stable form on the output layer's pre-activation,
 * such as softmax cross-entropy on the logits for cross-entropy after a softmax).
 *
 * <p><b>Threads</b>: the losses of {@link Losses} hold no state and may be shared by any
 * number of threads; an implementation of one's own should be the same.
 */
public interface Loss {

    /**
     * The loss of {@code prediction} against {@code target}, as a scalar variable.
     *
     * @throws org.backprop.tensor.ShapeMismatchException naming both shapes when they do not fit
     * @param prediction the model's output, a graph node
     * @param target     class indices or values, as the loss expects
     * @return the scalar loss, a graph node to call {@code backward()} on
     */
    Variable compute(Variable prediction, Tensor target);

    /**
     * The name as written on the command line and in model files: {@code mse}, {@code cross-entropy}, …
     *
     * @return the loss's name, such as {@code mse}
     */
    String name();

    /**
     * The formula, for explanations: {@code (1/n) Σ (ŷ−y)²}, …
     *
     * @return the formula, for explanations
     */
    String formula();

    /**
     * This loss as a fused loop over float rows, when it has one (the fused engine needs it).
     *
     * @return the fused row form, or empty when the fused engine cannot train on this loss
     */
    default Optional<RowLoss> rowLoss() {
        return Optional.empty();
    }

    /**
     * The loss to compute on the output layer's pre-activation {@code z} instead, when the network
     * ends in {@code output}: equal in value to this loss on {@code output(z)}, and stabler. Both
     * engines use it (chosen by the activation's type, with no look into the graph); empty when
     * there is none.
     *
     * @param output the output layer's activation
     * @return the loss to compute on the pre-activation instead, or empty
     */
    default Optional<Loss> onPreActivation(Activation output) {
        return Optional.empty();
    }
}
