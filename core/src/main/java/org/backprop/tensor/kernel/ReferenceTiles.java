package org.backprop.tensor.kernel;

/**
 * The scalar {@link TileKernel}: the loops of {@link ReferenceGemm} restricted to a rectangle of
 * C, so its values are exactly the reference's. Used when the Vector API is absent, when forced
 * with {@code -Dbackprop.kernel=reference}, and by {@link VectorGemm} for tiny products where
 * packing would cost more than it saves.
 */
final class ReferenceTiles implements TileKernel {

    @Override
    public void multiply(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c,
                         int rowStart, int rowEnd, int colStart, int colEnd) {
        multiplyRange(transA, transB, m, n, k, a, b, beta, c, rowStart, rowEnd, colStart, colEnd);
    }

    /**
     * The reference loops over one rectangle; each element is one chain of fused multiply-adds
     * in order {@code p = 0 … k-1}, starting from {@code beta·C} (see {@link Gemm}).
     * One loop nest per transpose case, so no branch is taken per element (this path also serves
     * tiny products, such as XOR's, where that overhead would dominate).
     */
    static void multiplyRange(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta,
                              float[] c, int rowStart, int rowEnd, int colStart, int colEnd) {
        boolean an = transA == Trans.N;
        boolean bn = transB == Trans.N;
        // element (i, p) of op(A) is a[i·ai + p·ap]; element (p, j) of op(B) is b[p·bp + j·bj]
        int ai = an ? k : 1;
        int ap = an ? 1 : m;
        int bp = bn ? n : 1;
        int bj = bn ? 1 : k;
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                int ci = i * n + j;
                float sum = beta == 0f ? 0f : beta * c[ci];
                for (int p = 0, x = i * ai, y = j * bj; p < k; p++, x += ap, y += bp) {
                    sum = Math.fma(a[x], b[y], sum);
                }
                c[ci] = sum;
            }
        }
    }

    @Override
    public int rowUnit() {
        return 1;
    }

    @Override
    public int columnUnit() {
        return 1;
    }

    @Override
    public String name() {
        return "reference";
    }
}
