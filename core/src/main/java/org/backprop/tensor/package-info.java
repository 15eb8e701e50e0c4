/**
 * Dense row-major tensors: {@link org.backprop.tensor.Shape}, {@link org.backprop.tensor.DType},
 * {@link org.backprop.tensor.Tensor}, and the kernels behind them in
 * {@link org.backprop.tensor.kernel}. Plain data with no notion of gradient; the
 * {@link org.backprop.autograd} package builds differentiation on top.
 */
package org.backprop.tensor;
