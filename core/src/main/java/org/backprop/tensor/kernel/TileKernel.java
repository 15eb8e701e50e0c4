package org.backprop.tensor.kernel;

/**
 * One thread's matrix-product engine: computes a rectangle of rows and columns of
 * {@code C = op(A)·op(B) + beta·C}. An instance owns its scratch buffers (packed panels), so it
 * must be used by one thread at a time; {@link ParallelGemm} gives each thread its own.
 *
 * <p>The arithmetic for an element {@code C[i][j]} depends only on {@code (m, n, k)} and the
 * operands, never on the rectangle it is computed in: that is what makes a fixed partition of the
 * output give bit-identical results for every thread count.
 */
interface TileKernel {

    /**
     * Computes {@code C[i][j]} for {@code rowStart ≤ i < rowEnd}, {@code colStart ≤ j < colEnd} of
     * the full {@code m × n} product; {@code beta} is 0 (overwrite) or 1 (accumulate).
     */
    void multiply(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c,
                  int rowStart, int rowEnd, int colStart, int colEnd);

    /**
     * B ({@code k × n}, used as stored) laid out once for {@link #multiplyPacked}, or {@code null}
     * when this kernel reads B as it is. The layout depends only on the kernel's kind and the shape.
     */
    default float[] packB(int k, int n, float[] b) {
        return null;
    }

    /**
     * {@code C = A·B} (both used as stored, C overwritten) with B also given in {@link #packB}'s
     * layout ({@code null}: not packed): the bits of {@link #multiply}{@code (N, N, …, 0, …)}.
     */
    default void multiplyPacked(int m, int n, int k, float[] a, float[] b, float[] packedB, float[] c) {
        multiply(Trans.N, Trans.N, m, n, k, a, b, 0f, c, 0, m, 0, n);
    }

    /** Rows of C that a partition boundary should be a multiple of (the register tile's height). */
    int rowUnit();

    /** Columns of C that a partition boundary should be a multiple of (the register tile's width). */
    int columnUnit();

    /** A short name for logs, such as {@code vector-256}. */
    String name();
}
