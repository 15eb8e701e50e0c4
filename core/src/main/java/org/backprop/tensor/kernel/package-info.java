/**
 * Numeric kernels behind {@link org.backprop.tensor.Tensor} and the fused engine: the matrix
 * product {@code C = op(A)·op(B) + beta·C} on row-major float arrays.
 *
 * <ul>
 *   <li>{@link org.backprop.tensor.kernel.Gemm}: the contract; {@link org.backprop.tensor.kernel.ReferenceGemm}
 *       the plain loops that define the result.
 *   <li>{@code VectorGemm}: the SIMD kernel (Vector API: cache blocking, packing, a register-blocked
 *       micro-kernel with fused multiply-adds, vector edges, special paths for few rows, few
 *       columns and tiny products), loaded only when {@code jdk.incubator.vector} is present;
 *       {@code ReferenceTiles} the scalar fallback.
 *   <li>{@link org.backprop.tensor.kernel.ParallelGemm}: a product spread over threads by a fixed
 *       partition of the output, bit-identical for every thread count.
 *   <li>{@link org.backprop.tensor.kernel.Kernels}: picks the kernel once per JVM, logs the choice,
 *       and hands out single-threaded ({@code gemm()}) or multi-threaded ({@code gemm(threads)})
 *       instances.
 * </ul>
 *
 * <p>Every kernel computes each element of C as the same single chain of fused multiply-adds (see
 * {@link org.backprop.tensor.kernel.Gemm}), so results are bit-identical across the scalar kernel,
 * every vector width and every thread count. Every fast path is tested bit for bit against
 * {@code ReferenceGemm} (and within rounding of the exact product) on random shapes with odd
 * sizes, for all transposes and beta 0, 1 and ½, at 512, 256 and 128 bits.
 */
package org.backprop.tensor.kernel;
