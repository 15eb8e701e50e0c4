package org.backprop.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD matrix product, written with the Vector API ({@code jdk.incubator.vector}) in the
 * manner of BLIS/GotoBLAS. This is the only class that references the incubator module:
 * {@link Kernels} loads it by name, and only when the module is in the boot layer.
 *
 * <h2>How it works</h2>
 * <ol>
 *   <li><b>Cache blocking.</b> The reduction dimension {@code k} is cut into {@code kc ≤ 256}
 *       slices (equal sizes, so {@code k = 784} gives four slices of 196), the columns of C into
 *       {@code nc ≤ 1024} and the rows into {@code mc ≤ 96}.
 *   <li><b>Packing.</b> A {@code kc × nc} block of {@code op(B)} is copied into panels of
 *       {@code NR} columns laid out {@code p}-major (zero-padded, so edges need no special
 *       arithmetic); a transposed A is copied into panels of {@code MR} rows. An A used as stored
 *       is read in place: the micro-kernel broadcasts its elements one row at a time, so it needs
 *       no packing. For {@code X·Wᵀ} with at most a quarter as many rows as columns the kernel computes
 *       {@code Cᵀ = W·Xᵀ} instead, so the operand transposed into panels is the small one.
 *   <li><b>Register-blocked micro-kernel.</b> An {@code MR × NR} = 4 × (3 vectors) tile of C lives
 *       in 12 vector accumulators (of 16 registers on AVX2, 32 on AVX-512). For each {@code p}:
 *       three vector loads of B, four broadcasts of A, twelve fused multiply-adds.
 *   <li><b>Edges without a cliff.</b> A partial tile is computed with the same vector code and
 *       only its store goes through a small scratch tile, so a 17 × 255 product runs at nearly the
 *       speed of a 16 × 256 one.
 *   <li><b>Special shapes.</b> Very small products (under {@value #TINY_WORK} multiply-adds, like
 *       the 2-2-1 XOR network's) skip packing and use the reference loops. {@code X·Wᵀ} products
 *       with fewer than {@code MR} rows (one example at inference) or at most {@value #SMALL_N}
 *       columns (the 10-class output layer, which would waste most of a 16-wide tile) are dot
 *       products of contiguous rows: a 4 × 3 block of C in 12 accumulators vectorised along
 *       {@code k}, lanes summed in a fixed order, nothing packed.
 * </ol>
 *
 * <p>Determinism: every element's sum runs over the same {@code kc} slices in the same order,
 * whichever tile or thread computes it, so results do not depend on how the output is split.
 */
final class VectorGemm implements TileKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: three vectors. */
    static final int NR = 3 * L;
    private static final int KC = 256;
    private static final int MC = 24 * MR;
    private static final int NC = 1024;
    /** {@code X·Wᵀ} products with at most this many columns (an output layer) use dot products. */
    static final int SMALL_N = 16;
    private static final int DOT_ROW_BLOCK = 32;
    /** Products with at most this many multiply-adds use the reference loops. */
    static final long TINY_WORK = 2048;

    private final float[] packA = new float[MC * KC];
    /** NC columns rounded up to whole NR-wide panels (NC need not be a multiple of NR). */
    private final float[] packB = new float[KC * ((NC + NR - 1) / NR) * NR];
    private final float[] tile = new float[MR * NR];
    private final float[] lanes = new float[12 * L];

    @Override
    public void multiply(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c,
                         int rowStart, int rowEnd, int colStart, int colEnd) {
        if (rowStart >= rowEnd || colStart >= colEnd) {
            return;
        }
        if (k == 0 || (long) m * n * k <= TINY_WORK) {
            ReferenceTiles.multiplyRange(transA, transB, m, n, k, a, b, beta, c, rowStart, rowEnd, colStart, colEnd);
            return;
        }
        if (beta != 0f && beta != 1f) {
            for (int i = rowStart; i < rowEnd; i++) {
                for (int j = colStart; j < colEnd; j++) {
                    c[i * n + j] *= beta;
                }
            }
            beta = 1f;
        }
        if (transA == Trans.N && transB == Trans.T && (m < MR || n <= SMALL_N)) {
            dotProducts(k, n, a, b, beta == 1f, c, rowStart, rowEnd, colStart, colEnd);
            return;
        }
        if (transA == Trans.N && transB == Trans.T && 4 * m <= n) {
            // C = X·Wᵀ with far fewer rows than columns: compute Cᵀ = W·Xᵀ, so the operand that must
            // be transposed into panels is the small X, and W's rows are read where they lie (the
            // transposed store of C costs more than it saves when X is not that small)
            blocked(n, m, k, b, Trans.N, a, Trans.T, beta == 1f, c, n, true, colStart, colEnd, rowStart, rowEnd);
            return;
        }
        blocked(m, n, k, a, transA, b, transB, beta == 1f, c, n, false, rowStart, rowEnd, colStart, colEnd);
    }

    /**
     * The cache-blocked product {@code P = op(A)·op(B)} of size {@code m × n}, for rows
     * {@code rowStart … rowEnd-1} and columns {@code colStart … colEnd-1}, stored into C at
     * {@code c[i·ldc + j]}, or at {@code c[j·ldc + i]} when {@code transposedC} (P is then Cᵀ).
     * An A used as stored ({@code N}) is read in place, row by row; a transposed one is packed.
     */
    private void blocked(int m, int n, int k, float[] a, Trans transA, float[] b, Trans transB, boolean beta1,
                         float[] c, int ldc, boolean transposedC, int rowStart, int rowEnd, int colStart, int colEnd) {
        int kBlocks = (k + KC - 1) / KC;
        int kcBase = (k + kBlocks - 1) / kBlocks;
        boolean direct = transA == Trans.N;
        for (int jc = colStart; jc < colEnd; jc += NC) {
            int nc = Math.min(NC, colEnd - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int p0 = kb * kcBase;
                int kc = Math.min(kcBase, k - p0);
                boolean accumulate = kb > 0 || beta1;
                packB(transB, b, n, k, p0, kc, jc, nc);
                for (int ic = rowStart; ic < rowEnd; ic += MC) {
                    int mc = Math.min(MC, rowEnd - ic);
                    if (!direct) {
                        packA(a, m, ic, mc, p0, kc);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int bOff = (jr / NR) * NR * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int i = ic + ir;
                            int j = jc + jr;
                            int cOff = transposedC ? j * ldc + i : i * ldc + j;
                            if (direct) {
                                microKernel(kc, a, i * k + p0, k, bOff, c, cOff, ldc, transposedC, accumulate, rows, cols);
                            } else {
                                microKernel(kc, packA, (ir / MR) * MR * kc, kc, bOff, c, cOff, ldc, transposedC,
                                        accumulate, rows, cols);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies rows {@code i0 … i0+mc-1}, columns {@code p0 … p0+kc-1} of a transposed A (stored
     * {@code k × m}) into panels of MR rows, each row's {@code kc} elements contiguous.
     * (An A used as stored is read in place.)
     */
    private void packA(float[] a, int m, int i0, int mc, int p0, int kc) {
        float[] pa = packA;
        for (int q = 0, i = i0; i < i0 + mc; q++, i += MR) {
            int rows = Math.min(MR, i0 + mc - i);
            int base = q * MR * kc;
            for (int p = 0; p < kc; p++) {
                int src = (p0 + p) * m + i;
                for (int r = 0; r < rows; r++) {
                    pa[base + r * kc + p] = a[src + r];
                }
            }
        }
    }

    /** Copies rows {@code p0 … p0+kc-1}, columns {@code j0 … j0+nc-1} of op(B) into NR-column panels. */
    private void packB(Trans transB, float[] b, int n, int k, int p0, int kc, int j0, int nc) {
        float[] pb = packB;
        for (int q = 0, j = j0; j < j0 + nc; q++, j += NR) {
            int cols = Math.min(NR, j0 + nc - j);
            int base = q * NR * kc;
            if (transB == Trans.N) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, (p0 + p) * n + j, pb, dst, cols);
                    for (int col = cols; col < NR; col++) {
                        pb[dst + col] = 0f;
                    }
                }
            } else {
                for (int col = 0; col < cols; col++) {
                    int src = (j + col) * k + p0;
                    int dst = base + col;
                    for (int p = 0; p < kc; p++) {
                        pb[dst + p * NR] = b[src + p];
                    }
                }
                for (int col = cols; col < NR; col++) {
                    for (int p = 0; p < kc; p++) {
                        pb[base + col + p * NR] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@code C[tile] (+)= Σ_p A[:, p] ⊗ B[p, :]} for one MR × NR tile: row {@code r} of A at
     * {@code pa[aOff + r·rowStride + p]} (a packed panel or A in place; unit stride along
     * {@code p} in both, which lets the JIT drop the bounds checks), B from its packed
     * panel. Only the top-left {@code rows × cols} of the tile are stored, transposed when
     * {@code transposedC}.
     */
    private void microKernel(int kc, float[] pa, int aOff, int rowStride, int bOff, float[] c, int cOff,
                             int ldc, boolean transposedC, boolean accumulate, int rows, int cols) {
        float[] pb = packB;
        // rows past the edge repeat the last real row: computed, never stored
        int o0 = aOff;
        int o1 = aOff + Math.min(1, rows - 1) * rowStride;
        int o2 = aOff + Math.min(2, rows - 1) * rowStride;
        int o3 = aOff + Math.min(3, rows - 1) * rowStride;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        for (int ap = 0, bp = bOff; ap < kc; ap++, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, bp + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, pa[o0 + ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, pa[o1 + ap]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, pa[o2 + ap]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, pa[o3 + ap]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        if (!transposedC && rows == MR && cols == NR) {
            store(c00, c01, c02, c, cOff, accumulate);
            store(c10, c11, c12, c, cOff + ldc, accumulate);
            store(c20, c21, c22, c, cOff + 2 * ldc, accumulate);
            store(c30, c31, c32, c, cOff + 3 * ldc, accumulate);
            return;
        }
        float[] t = tile;
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c12.intoArray(t, NR + 2 * L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c22.intoArray(t, 2 * NR + 2 * L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c32.intoArray(t, 3 * NR + 2 * L);
        int rowStep = transposedC ? 1 : ldc;
        int colStep = transposedC ? ldc : 1;
        for (int r = 0; r < rows; r++) {
            int ci = cOff + r * rowStep;
            int ti = r * NR;
            for (int j = 0; j < cols; j++, ci += colStep) {
                c[ci] = accumulate ? c[ci] + t[ti + j] : t[ti + j];
            }
        }
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int off, boolean accumulate) {
        if (accumulate) {
            v0 = FloatVector.fromArray(S, c, off).add(v0);
            v1 = FloatVector.fromArray(S, c, off + L).add(v1);
            v2 = FloatVector.fromArray(S, c, off + 2 * L).add(v2);
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
        v2.intoArray(c, off + 2 * L);
    }

    /**
     * {@code C[i][j] (+)= A[i, :] · B[j, :]} for A {@code N} and B {@code T} with few rows: dot
     * products of contiguous rows, so nothing is packed (packing the transposed B costs as much as
     * the arithmetic when A has few rows). A 4 × 3 block of C is computed at once: per step of
     * {@code L} along {@code k}, 7 loads and 12 fused multiply-adds into 12 accumulators.
     *
     * <p>Every element, whichever block computes it, is summed the same way: one vector
     * accumulator over the whole vectors of {@code k}, its lanes added in order, then the
     * remaining {@code k mod L} products in order.
     */
    private void dotProducts(int k, int n, float[] a, float[] b, boolean accumulate, float[] c,
                             int rowStart, int rowEnd, int colStart, int colEnd) {
        int kv = k - k % L;
        for (int ib = rowStart; ib < rowEnd; ib += DOT_ROW_BLOCK) {
            int ie = Math.min(rowEnd, ib + DOT_ROW_BLOCK);
            int j = colStart;
            for (; j + 3 <= colEnd; j += 3) {
                int i = ib;
                for (; i + 4 <= ie; i += 4) {
                    dot4x3(k, kv, n, a, b, accumulate, c, i, j);
                }
                for (; i < ie; i++) {
                    for (int jj = j; jj < j + 3; jj++) {
                        dot1x1(k, kv, n, a, b, accumulate, c, i, jj);
                    }
                }
            }
            for (; j < colEnd; j++) {
                for (int i = ib; i < ie; i++) {
                    dot1x1(k, kv, n, a, b, accumulate, c, i, j);
                }
            }
        }
    }

    private void dot4x3(int k, int kv, int n, float[] a, float[] b, boolean accumulate, float[] c, int i, int j) {
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        for (int p = 0; p < kv; p += L) {
            FloatVector w0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector w1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector w2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(w0, s00);
            s01 = x.fma(w1, s01);
            s02 = x.fma(w2, s02);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(w0, s10);
            s11 = x.fma(w1, s11);
            s12 = x.fma(w2, s12);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(w0, s20);
            s21 = x.fma(w1, s21);
            s22 = x.fma(w2, s22);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(w0, s30);
            s31 = x.fma(w1, s31);
            s32 = x.fma(w2, s32);
        }
        float[] t = lanes;
        s00.intoArray(t, 0);
        s01.intoArray(t, L);
        s02.intoArray(t, 2 * L);
        s10.intoArray(t, 3 * L);
        s11.intoArray(t, 4 * L);
        s12.intoArray(t, 5 * L);
        s20.intoArray(t, 6 * L);
        s21.intoArray(t, 7 * L);
        s22.intoArray(t, 8 * L);
        s30.intoArray(t, 9 * L);
        s31.intoArray(t, 10 * L);
        s32.intoArray(t, 11 * L);
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 3; q++) {
                finish(t, (r * 3 + q) * L, k, kv, n, a, b, accumulate, c, i + r, j + q);
            }
        }
    }

    private void dot1x1(int k, int kv, int n, float[] a, float[] b, boolean accumulate, float[] c, int i, int j) {
        int ai = i * k;
        int bj = j * k;
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
        }
        s.intoArray(lanes, 0);
        finish(lanes, 0, k, kv, n, a, b, accumulate, c, i, j);
    }

    /** Adds the lanes at {@code t[off …]} in order, then the tail products, and stores {@code C[i][j]}. */
    private static void finish(float[] t, int off, int k, int kv, int n, float[] a, float[] b, boolean accumulate,
                               float[] c, int i, int j) {
        float sum = t[off];
        for (int l = 1; l < L; l++) {
            sum += t[off + l];
        }
        int ai = i * k;
        int bj = j * k;
        for (int p = kv; p < k; p++) {
            sum += a[ai + p] * b[bj + p];
        }
        int ci = i * n + j;
        c[ci] = accumulate ? c[ci] + sum : sum;
    }

    @Override
    public int rowUnit() {
        return MR;
    }

    @Override
    public int columnUnit() {
        return NR;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }
}
