package org.backprop.tensor.kernel;

/**
 * General matrix product on row-major, contiguous float arrays:
 * {@code C = op(A) · op(B) + beta · C}, where {@code op(A)} is {@code m × k} and {@code op(B)} is
 * {@code k × n}.
 *
 * <p>Training a dense layer needs all three forms: the forward {@code Z = X · Wᵀ} ({@code N, T}),
 * the weight gradient {@code ∂L/∂W = dZᵀ · X} ({@code T, N}) and the input gradient
 * {@code ∂L/∂X = dZ · W} ({@code N, N}).
 *
 * <p>Contract shared by every implementation: each element {@code C[i][j]} is computed by one
 * thread as one chain of fused multiply-adds in order {@code p = 0 … k-1},
 * <pre>
 * s = beta·C[i][j]   (0 when beta = 0)
 * s = fma(op(A)[i][p], op(B)[p][j], s)   for p = 0, 1, …, k−1
 * C[i][j] = s
 * </pre>
 * Fast kernels vectorise across elements (lanes hold different {@code j} or {@code i}), never
 * along {@code p}, so the result does not depend on the vector width (128, 256, 512 bits or
 * scalar), on the thread count, or on how the output is cut into tiles: every kernel gives
 * {@link ReferenceGemm}'s bits, and the tests check it bit for bit.
 *
 * <p>Thread-safety depends on the implementation: {@link ReferenceGemm} and {@link Kernels#gemm()}
 * may be called from any number of threads at once; a {@link ParallelGemm} serves one caller at a
 * time.
 */
public interface Gemm {

    /**
     * Computes {@code C = op(A) · op(B) + beta · C}.
     *
     * @param transA whether A is stored as {@code m × k} ({@link Trans#N}) or {@code k × m} ({@link Trans#T})
     * @param transB whether B is stored as {@code k × n} ({@link Trans#N}) or {@code n × k} ({@link Trans#T})
     * @param m      rows of {@code op(A)} and of C, at least 0
     * @param n      columns of {@code op(B)} and of C, at least 0
     * @param k      the shared inner dimension (columns of {@code op(A)}, rows of {@code op(B)}), at least 0
     * @param a      A's elements, row-major as stored, at least {@code m·k} of them; only read
     * @param b      B's elements, row-major as stored, at least {@code k·n} of them; only read
     * @param beta   0 to overwrite C (its old content, even NaN, is then ignored), 1 to accumulate
     *               into it, or any other factor on the old C
     * @param c      C's elements, {@code m × n} row-major, at least {@code m·n} of them; overwritten
     *               in place with the result; must not be the same array as {@code a} or {@code b}
     */
    void sgemm(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c);

    /**
     * A short name for logs and benchmarks, such as {@code "reference"} or {@code "vector-512"}.
     *
     * @return the kernel's name, constant for the instance
     */
    String name();
}
