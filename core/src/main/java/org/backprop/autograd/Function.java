package org.backprop.autograd;

import org.backprop.tensor.Tensor;

/**
 * A differentiable operation: its forward rule and its backward rule side by side.
 *
 * <p>One instance is made per use, so it may keep what the backward rule needs (the inputs, the
 * output) in its own fields during {@link #forward}. The backward rule receives
 * {@code ∂L/∂output} and returns {@code ∂L/∂input} for every input, in order: the chain rule,
 * one local derivative at a time.
 *
 * <p>See {@link org.backprop.autograd.ops} for every operation; each one's Javadoc gives the
 * formula and its derivative.
 *
 * <p><b>Threads</b>: not thread-safe: an instance keeps its forward's tensors for its backward, so
 * it serves one {@link #apply} on one thread (make a new one per use, as {@link Variable} does).
 */
public abstract class Function {

    /**
     * A short name for graphs and explanations, such as {@code "matmul"} or {@code "sigmoid"}.
     *
     * @return the operation's name, lower case, never {@code null}
     */
    public abstract String name();

    /**
     * Computes the output from the input values, keeping in fields what {@link #backward} needs.
     *
     * @param inputs the input values, in the order the operation documents
     * @return the output value, which the graph keeps as the node's value
     */
    protected abstract Tensor forward(Tensor... inputs);

    /**
     * Applies the chain rule: given {@code ∂L/∂output}, returns {@code ∂L/∂input} for each input, in
     * input order, each shaped like its input. An entry may be {@code null} for an input that is
     * not differentiable (such as class indices).
     *
     * @param gradOutput {@code ∂L/∂output}, shaped like the output that {@link #forward} returned
     * @return one gradient per input, in input order, each shaped like its input (or {@code null} for a
     *         non-differentiable input); an entry may be a tensor the function keeps (SoftmaxCrossEntropy returns
     *         the gradient it worked out in the forward), so the caller copies it before changing it
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Runs the operation on variables: computes the value and, unless gradients are off (see
     * {@link NoGrad}) or no input needs one, records the node in the graph.
     *
     * @param inputs the operands, in the order the operation documents; none may be {@code null}
     * @return the output node: a graph node recording this function and {@code inputs} when a gradient is
     *         wanted, otherwise a constant leaf holding the value
     */
    public final Variable apply(Variable... inputs) {
        Tensor[] values = new Tensor[inputs.length];
        boolean needsGrad = false;
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].value();
            needsGrad |= inputs[i].requiresGrad();
        }
        Tensor out = forward(values);
        if (needsGrad && NoGrad.isGradEnabled()) {
            return new Variable(out, this, inputs.clone());
        }
        return Variable.constant(out);
    }

    /** Package access to the backward rule for the sweep in {@link Variable#backward}. */
    final Tensor[] runBackward(Tensor gradOutput) {
        return backward(gradOutput);
    }
}
