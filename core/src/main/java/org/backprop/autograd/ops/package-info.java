/**
 * Every differentiable operation, one class each, with its forward rule and its backward rule
 * side by side and both written out in the Javadoc.
 *
 * <p>Two kinds: {@link org.backprop.autograd.ops.ElementwiseFunction}s (activations such as
 * {@link org.backprop.autograd.ops.Sigmoid}, whose backward rule is the single method
 * {@code derivative}) and {@link org.backprop.autograd.Function}s over whole tensors
 * ({@link org.backprop.autograd.ops.MatMul}, {@link org.backprop.autograd.ops.Add},
 * {@link org.backprop.autograd.ops.Softmax}, the fused losses, …).
 */
package org.backprop.autograd.ops;
