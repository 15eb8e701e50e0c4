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
 * thread, summing over {@code p = 0 … k-1} in an order that depends only on {@code (m, n, k)} and
 * never on the number of threads, so results are bit-identical whatever the thread count.
 * {@link ReferenceGemm} defines the values; fast kernels are tested against it.
 */
public interface Gemm {

    /**
     * Computes {@code C = op(A) · op(B) + beta · C}.
     *
     * @param transA whether A is stored as {@code m × k} ({@link Trans#N}) or {@code k × m} ({@link Trans#T})
     * @param transB whether B is stored as {@code k × n} ({@link Trans#N}) or {@code n × k} ({@link Trans#T})
     * @param beta   0 to overwrite C, 1 to accumulate into it
     */
    void sgemm(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c);

    /** A short name for logs and benchmarks, such as {@code "reference"} or {@code "vector-512"}. */
    String name();
}
