/**
 * Numeric kernels behind {@link org.backprop.tensor.Tensor}: the matrix product in its plain
 * reference form ({@link org.backprop.tensor.kernel.ReferenceGemm}) and the fast forms that must
 * equal it. {@link org.backprop.tensor.kernel.Kernels} picks the one in use.
 */
package org.backprop.tensor.kernel;
