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
     * B ({@code k × n}, used as stored) laid out once in the panels this kernel would copy it into
     * on every product, for {@link #sgemmPacked}: worth it for a B multiplied many times, such as
     * a predictor's weights. {@code null} when the kernel reads B as it is. The layout depends only
     * on the kernel's kind and the shape, so any kernel of the same kind may use it.
     *
     * @param k the rows of B
     * @param n the columns of B
     * @param b B, row-major, {@code k·n} elements; only read
     * @return the packed B, or {@code null}
     */
    default float[] packB(int k, int n, float[] b) {
        return null;
    }

    /**
     * {@code C = A·B}, A {@code m × k} and B {@code k × n} both used as stored, C overwritten, with
     * B also given as {@link #packB} laid it out (or {@code null}): the same bits as
     * {@code sgemm(N, N, m, n, k, a, b, 0, c)}.
     *
     * @param m       rows of A and C
     * @param n       columns of B and C
     * @param k       columns of A, rows of B
     * @param a       A, row-major; only read
     * @param b       B, row-major; only read
     * @param packedB {@code packB(k, n, b)} from a kernel of the same kind, or {@code null}
     * @param c       C, overwritten
     */
    default void sgemmPacked(int m, int n, int k, float[] a, float[] b, float[] packedB, float[] c) {
        sgemm(Trans.N, Trans.N, m, n, k, a, b, 0f, c);
    }

    /**
     * A short name for logs and benchmarks, such as {@code "reference"} or {@code "vector-512"}.
     *
     * @return the kernel's name, constant for the instance
     */
    String name();
}
