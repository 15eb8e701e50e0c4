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

    /** The reference loops over one rectangle; each element is summed in order {@code p = 0 … k-1}. */
    static void multiplyRange(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta,
                              float[] c, int rowStart, int rowEnd, int colStart, int colEnd) {
        // Four loop nests, one per transpose case, so the inner loop has no branch.
        boolean an = transA == Trans.N;
        boolean bn = transB == Trans.N;
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                float sum = 0f;
                if (an && !bn) {
                    int ai = i * k;
                    int bj = j * k;
                    for (int p = 0; p < k; p++) {
                        sum += a[ai + p] * b[bj + p];
                    }
                } else if (an) {
                    int ai = i * k;
                    for (int p = 0; p < k; p++) {
                        sum += a[ai + p] * b[p * n + j];
                    }
                } else if (!bn) {
                    int bj = j * k;
                    for (int p = 0; p < k; p++) {
                        sum += a[p * m + i] * b[bj + p];
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        sum += a[p * m + i] * b[p * n + j];
                    }
                }
                int ci = i * n + j;
                c[ci] = beta == 0f ? sum : sum + beta * c[ci];
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
