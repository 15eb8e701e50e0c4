package org.backprop.engine;

import java.util.Optional;
import org.backprop.autograd.Variable;
import org.backprop.loss.Loss;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.tensor.Tensor;

/**
 * One forward pass through the autograd graph and the loss on its output, as the reference step and
 * the trainer's validation compute it. When the model is a {@link Network} whose loss declares a
 * form on the output layer's pre-activation ({@link Loss#onPreActivation}, such as softmax
 * cross-entropy on the logits for cross-entropy after a softmax), that form is used — chosen by the
 * types of the activation and the loss, never by looking into the graph — and the output is the
 * activation applied to the same pre-activation, so both are what {@code model.forward} gives.
 *
 * @param output the model's output {@code [B, outputs]}
 * @param loss   the scalar loss
 */
public record GraphForward(Variable output, Variable loss) {

    /**
     * Runs {@code model} on {@code inputs} and {@code loss} against {@code targets}.
     *
     * @param model   the model, in its current training or evaluation mode
     * @param loss    the loss
     * @param inputs  {@code [B, features]}
     * @param targets what the loss compares the output with
     * @return the output and the loss, as graph nodes
     */
    public static GraphForward run(Module model, Loss loss, Tensor inputs, Tensor targets) {
        Variable x = Variable.constant(inputs);
        if (model instanceof Network) {
            Network network = (Network) model;
            Optional<Loss> onLogits = loss.onPreActivation(network.outputActivation());
            if (onLogits.isPresent()) {
                Variable z = network.forwardPreActivation(x);
                return new GraphForward(network.outputActivation().apply(z), onLogits.get().compute(z, targets));
            }
        }
        Variable out = model.forward(x);
        return new GraphForward(out, loss.compute(out, targets));
    }
}
