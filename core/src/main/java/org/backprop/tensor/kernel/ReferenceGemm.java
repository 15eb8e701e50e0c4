package org.backprop.tensor.kernel;

/**
 * The plain, obviously correct matrix product that defines what every fast kernel must compute,
 * bit for bit: each output element is one chain of fused multiply-adds in order
 * {@code p = 0 … k-1}, {@code s ← fma(op(A)[i][p], op(B)[p][j], s)}, starting from
 * {@code s = beta·C[i][j]} (0 when beta is 0).
 * Slow (a few GFLOP/s); used when no faster kernel is available and as the test oracle.
 *
 * <p>Stateless: one instance may be used from any number of threads at once.
 */
public final class ReferenceGemm implements Gemm {

    @Override
    public void sgemm(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = beta == 0f ? 0f : beta * c[i * n + j];
                for (int p = 0; p < k; p++) {
                    float av = transA == Trans.N ? a[i * k + p] : a[p * m + i];
                    float bv = transB == Trans.N ? b[p * n + j] : b[j * k + p];
                    sum = Math.fma(av, bv, sum);
                }
                c[i * n + j] = sum;
            }
        }
    }

    /**
     * The same product in double precision, for float64 tensors (gradient checks). Unlike
     * {@link #sgemm}, each element is a plain sum {@code s = Σ_p op(A)[i][p]·op(B)[p][j]} (one rounding
     * per multiply and per add, in order {@code p = 0 … k-1}) to which {@code beta·C[i][j]} is added
     * last: {@code C[i][j] = s + beta·C[i][j]}, or {@code s} when beta is 0.
     *
     * @param transA whether A is stored as {@code m × k} ({@link Trans#N}) or {@code k × m} ({@link Trans#T})
     * @param transB whether B is stored as {@code k × n} ({@link Trans#N}) or {@code n × k} ({@link Trans#T})
     * @param m      rows of {@code op(A)} and of C, at least 0
     * @param n      columns of {@code op(B)} and of C, at least 0
     * @param k      the shared inner dimension, at least 0
     * @param a      A's elements, row-major as stored, at least {@code m·k} of them; only read
     * @param b      B's elements, row-major as stored, at least {@code k·n} of them; only read
     * @param beta   0 to overwrite C, 1 to accumulate into it, or any other factor on the old C
     * @param c      C's elements, {@code m × n} row-major; overwritten in place with the result
     * @throws ArrayIndexOutOfBoundsException if an array is shorter than the sizes say
     */
    public static void dgemm(Trans transA, Trans transB, int m, int n, int k, double[] a, double[] b, double beta, double[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA == Trans.N ? a[i * k + p] : a[p * m + i];
                    double bv = transB == Trans.N ? b[p * n + j] : b[j * k + p];
                    sum += av * bv;
                }
                c[i * n + j] = beta == 0 ? sum : sum + beta * c[i * n + j];
            }
        }
    }

    @Override
    public String name() {
        return "reference";
    }
}
