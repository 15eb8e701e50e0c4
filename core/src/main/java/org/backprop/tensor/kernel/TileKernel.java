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

    /** Rows of C that a partition boundary should be a multiple of (the register tile's height). */
    int rowUnit();

    /** Columns of C that a partition boundary should be a multiple of (the register tile's width). */
    int columnUnit();

    /** A short name for logs, such as {@code vector-256}. */
    String name();
}
