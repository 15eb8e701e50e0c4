package org.backprop.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.autograd.ops.Add;
import org.backprop.autograd.ops.Div;
import org.backprop.autograd.ops.Elementwise;
import org.backprop.autograd.ops.ElementwiseFunction;
import org.backprop.autograd.ops.MatMul;
import org.backprop.autograd.ops.Mean;
import org.backprop.autograd.ops.Mul;
import org.backprop.autograd.ops.Sub;
import org.backprop.autograd.ops.Sum;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Trans;

/**
 * A node of the computation graph: a value, the gradient {@code ∂L/∂value} once
 * {@link #backward()} has run, the {@link Function} that made it and that function's inputs in order.
 *
 * <p>Leaves are either parameters ({@link #parameter}: they want a gradient) or constants
 * ({@link #constant}: data, targets). Every operation on a variable that wants a gradient records
 * a new node, so the forward pass leaves behind the graph the backward pass walks.
 *
 * <p>The backward pass, as in micrograd, is a topological sort and one reverse sweep. The sort is
 * iterative (deep networks do not overflow the stack) and deterministic (inputs are visited in
 * order), and gradients accumulate with {@code +=}, so a value used twice receives the sum of both
 * paths' contributions.
 *
 * <p><b>Threads</b>: not thread-safe: a graph is built and swept by one thread
 * ({@link NoGrad} scopes are per thread too).
 */
public final class Variable {
    private Tensor value;
    private Tensor grad;
    private final Function function;
    private final Variable[] inputs;
    private final boolean requiresGrad;
    private String name;

    Variable(Tensor value, Function function, Variable[] inputs) {
        this.value = value;
        this.function = function;
        this.inputs = inputs;
        this.requiresGrad = true;
    }

    private Variable(Tensor value, boolean requiresGrad) {
        this.value = value;
        this.function = null;
        this.inputs = new Variable[0];
        this.requiresGrad = requiresGrad;
    }

    /**
     * A leaf that wants a gradient: a weight, a bias, or an input under a gradient check.
     *
     * @param value the leaf's value, kept by reference (not copied)
     * @return a new leaf with {@link #requiresGrad()} true and no gradient yet
     */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true);
    }

    /**
     * A leaf that wants no gradient: data, targets, masks.
     *
     * @param value the leaf's value, kept by reference (not copied)
     * @return a new leaf with {@link #requiresGrad()} false
     */
    public static Variable constant(Tensor value) {
        return new Variable(value, false);
    }

    // ---------------------------------------------------------------- state

    /**
     * The value computed by the forward pass (or set for a leaf).
     *
     * @return the value itself (not a copy): changes to it change this node
     */
    public Tensor value() {
        return value;
    }

    /**
     * Replaces a leaf's value, for loading weights or converting them to another dtype. The new
     * value must have the same shape; the gradient is dropped.
     *
     * @param newValue the replacement, of the same shape as the current value (its dtype may differ); kept by
     *         reference
     * @throws IllegalStateException on an interior node
     * @throws org.backprop.tensor.ShapeMismatchException if {@code newValue}'s shape differs from the current
     *         value's
     */
    public void setValue(Tensor newValue) {
        if (function != null) {
            throw new IllegalStateException("setValue: only a leaf's value can be replaced, not the output of "
                    + function.name());
        }
        value.requireSameShape("setValue" + (name == null ? "" : " of " + name), newValue);
        this.value = newValue;
        this.grad = null;
    }

    /**
     * {@code ∂L/∂value} after {@link #backward()}, or {@code null} if no gradient reached it.
     *
     * @return the accumulated gradient, shaped like the value and of the value's dtype (the tensor itself,
     *         not a copy), or {@code null}
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces the gradient (optimisers and gradient clipping use this); {@code null} clears it.
     *
     * @param newGrad the new gradient, shaped like the value, kept by reference; or {@code null} to clear it
     * @throws org.backprop.tensor.ShapeMismatchException if {@code newGrad}'s shape differs from the value's
     */
    public void setGrad(Tensor newGrad) {
        if (newGrad != null) {
            value.requireSameShape("setGrad" + (name == null ? "" : " of " + name), newGrad);
        }
        this.grad = newGrad;
    }

    /** Clears the gradient, as before the next backward pass. */
    public void zeroGrad() {
        this.grad = null;
    }

    /**
     * Whether this node takes part in differentiation.
     *
     * @return {@code true} for parameters and every node computed from one while gradients were on;
     *         {@code false} for constants
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * The function that made this node, or {@code null} for a leaf.
     *
     * @return the function, or {@code null} for a leaf
     */
    public Function function() {
        return function;
    }

    /**
     * The inputs of {@link #function()}, in order (empty for a leaf).
     *
     * @return an unmodifiable list of the inputs, in the order the function received them
     */
    public List<Variable> inputs() {
        return List.of(inputs);
    }

    /**
     * Whether this is a leaf (no function made it).
     *
     * @return {@code true} if no function made this node
     */
    public boolean isLeaf() {
        return function == null;
    }

    /**
     * An optional name for explanations and error messages, such as {@code layers.0.weight}.
     *
     * @return the name, or {@code null} if none was set
     */
    public String name() {
        return name;
    }

    /**
     * Sets the name and returns this variable.
     *
     * @param newName the name, such as {@code layers.0.weight}; {@code null} removes it
     * @return this variable, for chaining
     */
    public Variable named(String newName) {
        this.name = newName;
        return this;
    }

    /**
     * The shape of the value.
     *
     * @return the value's shape
     */
    public Shape shape() {
        return value.shape();
    }

    /**
     * The value as a leaf that wants no gradient: cuts the graph here.
     *
     * @return a new constant leaf sharing this node's value tensor (not a copy)
     */
    public Variable detach() {
        return constant(value);
    }

    // ---------------------------------------------------------------- backward pass

    /**
     * Runs backpropagation from this scalar: seeds {@code ∂L/∂L = 1} and sweeps the graph once in
     * reverse topological order.
     *
     * <p>Gradients of leaves accumulate ({@code +=}) across calls until they are cleared with
     * {@link #zeroGrad()} (or the optimiser's {@code zeroGrad()}), as in PyTorch; the gradients of
     * interior nodes are recomputed from zero on every call.
     *
     * @throws IllegalStateException if this is not a one-element value, or if it does not depend
     *                               on anything that wants a gradient
     */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward: called on a value of shape " + value.shape()
                    + "; without a seed gradient it must be a scalar (one element)");
        }
        backward(Tensor.full(value.dtype(), value.shape(), 1.0), BackwardListener.NONE);
    }

    /**
     * Runs backpropagation with the given seed {@code ∂L/∂this} (shaped like the value), telling
     * {@code listener} about every node as the sweep passes it.
     *
     * @param seed     {@code ∂L/∂this}, shaped like the value; its dtype is converted to each node's where
     *         they differ
     * @param listener told about each interior node after its backward rule ran;
     *         {@link BackwardListener#NONE} for none
     * @throws IllegalStateException if this value does not depend on anything that wants a gradient
     *                               (it was computed from constants only, or inside a {@link NoGrad}
     *                               scope): a silent no-op would leave every gradient empty
     * @throws org.backprop.tensor.ShapeMismatchException if {@code seed}'s shape differs from the value's
     */
    public void backward(Tensor seed, BackwardListener listener) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this value does not depend on any parameter (it was computed "
                    + "from constants only, or inside a NoGrad scope), so there is no gradient to compute");
        }
        value.requireSameShape("backward seed", seed);
        List<Variable> order = topologicalOrder();
        // Interior nodes start every sweep from zero: a second backward() over the same graph must
        // not add the first sweep's ∂L/∂node again. Leaves keep accumulating, as in PyTorch.
        for (Variable node : order) {
            if (node.function != null) {
                node.grad = null;
            }
        }
        accumulate(this, seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Variable node = order.get(i);
            if (node.function == null || node.grad == null) {
                continue;
            }
            Tensor[] gradInputs = node.function.runBackward(node.grad);
            for (int j = 0; j < node.inputs.length; j++) {
                if (node.inputs[j].requiresGrad && gradInputs[j] != null) {
                    accumulate(node.inputs[j], gradInputs[j]);
                }
            }
            listener.onBackward(node, node.grad, gradInputs);
        }
    }

    private static void accumulate(Variable target, Tensor contribution) {
        if (target.grad == null) {
            target.grad = contribution.dtype() == target.value.dtype()
                    ? contribution.copy() : contribution.to(target.value.dtype());
        } else {
            target.grad.addInPlace(contribution);
        }
    }

    /**
     * The nodes that this one depends on (itself included) and that want gradients, each after all of
     * its inputs: iterative depth-first search visiting inputs in order, so the order is
     * deterministic.
     *
     * @return an unmodifiable list of the nodes, inputs before the nodes that use them, this node last
     */
    public List<Variable> topologicalOrder() {
        List<Variable> order = new ArrayList<>();
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>(); // {node, next input index}
        stack.push(new Object[] {this, 0});
        seen.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Variable node = (Variable) frame[0];
            int next = (Integer) frame[1];
            if (next < node.inputs.length) {
                frame[1] = next + 1;
                Variable input = node.inputs[next];
                if (input.requiresGrad && seen.put(input, Boolean.TRUE) == null) {
                    stack.push(new Object[] {input, 0});
                }
            } else {
                stack.pop();
                order.add(node);
            }
        }
        return Collections.unmodifiableList(order);
    }

    // ---------------------------------------------------------------- operations

    /**
     * {@code this + other}, broadcasting (see {@link Add}).
     *
     * @param other the right operand, of the same shape or broadcastable against this one
     * @return the new node {@code this + other}, of the broadcast shape
     */
    public Variable add(Variable other) {
        return new Add().apply(this, other);
    }

    /**
     * {@code this − other}, broadcasting (see {@link Sub}).
     *
     * @param other the right operand, of the same shape or broadcastable against this one
     * @return the new node {@code this − other}, of the broadcast shape
     */
    public Variable sub(Variable other) {
        return new Sub().apply(this, other);
    }

    /**
     * {@code this · other} elementwise, broadcasting (see {@link Mul}).
     *
     * @param other the right operand, of the same shape or broadcastable against this one
     * @return the new node {@code this · other}, of the broadcast shape
     */
    public Variable mul(Variable other) {
        return new Mul().apply(this, other);
    }

    /**
     * {@code this / other} elementwise, broadcasting (see {@link Div}).
     *
     * @param other the divisor, of the same shape or broadcastable against this one
     * @return the new node {@code this / other}, of the broadcast shape
     */
    public Variable div(Variable other) {
        return new Div().apply(this, other);
    }

    /**
     * {@code this · c} for a constant {@code c}.
     *
     * @param c the factor, held as a scalar constant of this value's dtype
     * @return the new node {@code c · this}, shaped like this value
     */
    public Variable scale(double c) {
        return mul(constant(Tensor.scalar(value.dtype(), c)));
    }

    /**
     * The matrix product {@code this · other} (see {@link MatMul}).
     *
     * @param other the right matrix {@code [k, n]}, for this {@code [m, k]}
     * @return the new node {@code [m, n]}
     */
    public Variable matmul(Variable other) {
        return new MatMul(Trans.N, Trans.N).apply(this, other);
    }

    /**
     * The matrix product {@code op(this) · op(other)} with either side transposed (see {@link MatMul}).
     *
     * @param transThis  whether to use this matrix ({@link Trans#N}) or its transpose ({@link Trans#T})
     * @param other      the right matrix
     * @param transOther whether to use {@code other} or its transpose
     * @return the new node {@code [m, n]}, where {@code op(this)} is {@code [m, k]} and {@code op(other)} is
     *         {@code [k, n]}
     */
    public Variable matmul(Trans transThis, Variable other, Trans transOther) {
        return new MatMul(transThis, transOther).apply(this, other);
    }

    /**
     * The sum of all elements, a scalar (see {@link Sum}).
     *
     * @return the new scalar node {@code Σᵢ thisᵢ}
     */
    public Variable sum() {
        return new Sum().apply(this);
    }

    /**
     * The mean of all elements, a scalar (see {@link Mean}).
     *
     * @return the new scalar node {@code (1/n) Σᵢ thisᵢ} over the {@code n} elements
     */
    public Variable mean() {
        return new Mean().apply(this);
    }

    /**
     * An elementwise function such as {@link org.backprop.autograd.ops.Sigmoid} (see {@link Elementwise}).
     *
     * @param fn the scalar function and its derivative
     * @return the new node {@code fn(this)} elementwise, shaped like this value
     */
    public Variable map(ElementwiseFunction fn) {
        return new Elementwise(fn).apply(this);
    }

    // ---------------------------------------------------------------- drawing

    /**
     * The graph that computed this value as Graphviz DOT: a box per node (operation or leaf name, shape,
     * value and, after {@link #backward()}, gradient), an arrow from each input to the node it feeds.
     *
     * @return the DOT source text, a {@code digraph}
     */
    public String toDot() {
        return new GraphDrawing(this).dot();
    }

    /**
     * The same graph as a standalone SVG document, laid out here (columns by depth, no Graphviz needed):
     * parameters blue, operations yellow, constants grey.
     *
     * @return the SVG document text
     */
    public String toSvg() {
        return new GraphDrawing(this).svg();
    }

    @Override
    public String toString() {
        return "Variable(" + (name != null ? name + ", " : "") + (function != null ? function.name() + ", " : "")
                + value + ")";
    }
}
