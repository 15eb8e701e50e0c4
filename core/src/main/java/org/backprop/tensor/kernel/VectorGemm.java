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
 *       only its load and store go through a small scratch tile, so a 17 × 255 product runs at nearly the
 *       speed of a 16 × 256 one.
 *   <li><b>Special shapes.</b> Very small products (under {@value #TINY_WORK} multiply-adds, like
 *       the 2-2-1 XOR network's) skip packing and use the reference loops. {@code X·Wᵀ} products
 *       with at most {@value #SMALL_N} columns (the 10-class output layer, which would waste most
 *       of a register tile) copy the small {@code Wᵀ} into whole vectors and take four rows of X
 *       at a time.
 *       Products of one to three rows by a B used as stored ({@code N, N}, inference with
 *       pre-transposed weights) read B in place, lanes along its rows; with a transposed B they
 *       use the scalar loops.
 * </ol>
 *
 * <h2>The same bits on every machine</h2>
 * Lanes always hold different elements of C, never different terms of one sum: each element is
 * the {@link Gemm} contract's single chain {@code s ← fma(a, b, s)} over {@code p = 0 … k-1}. The
 * accumulators of a tile start from C's value (its partial sum from the previous {@code kc} slice,
 * or {@code beta·C}), so the cache blocking does not change the order either. The result is
 * {@link ReferenceGemm}'s, bit for bit, whatever the vector width (128, 256 or 512 bits), the
 * tile or the thread that computes it.
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
    /** {@code X·Wᵀ} products with at most this many columns (an output layer) take the narrow path. */
    static final int SMALL_N = 16;
    /** Products with at most this many multiply-adds use the reference loops. */
    static final long TINY_WORK = 2048;

    private final float[] packA = new float[MC * KC];
    /** NC columns rounded up to whole NR-wide panels (NC need not be a multiple of NR). */
    private final float[] packB = new float[KC * ((NC + NR - 1) / NR) * NR];
    private final float[] tile = new float[MR * NR];
    /** {@code Wᵀ} of a narrow product, {@code k × (columns rounded up to whole vectors)}; grows once. */
    private float[] packW = new float[0];
    /** Four rows of one vector of C, for the narrow product's loads and stores. */
    private final float[] rowTile = new float[4 * L];
    /** A tile of zeros, never written: where the accumulators start when C is overwritten. */
    private static final float[] ZEROS = new float[MR * NR];

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
        if (m < MR && transA == Trans.N) {
            if (transB == Trans.N) {
                fewRows(n, k, a, b, beta == 1f, c, rowStart, rowEnd, colStart, colEnd);
            } else {
                // a dot product along k cannot be vectorised without changing the order of the sum
                ReferenceTiles.multiplyRange(transA, transB, m, n, k, a, b, beta, c, rowStart, rowEnd, colStart, colEnd);
            }
            return;
        }
        if (transA == Trans.N && transB == Trans.T && n <= SMALL_N) {
            narrow(n, k, a, b, beta == 1f, c, rowStart, rowEnd, colStart, colEnd);
            return;
        }
        if (transA == Trans.N && transB == Trans.T && 4 * m <= n) {
            // C = X·Wᵀ with far fewer rows than columns: compute Cᵀ = W·Xᵀ, so the operand that must
            // be transposed into panels is the small X, and W's rows are read where they lie (the
            // transposed store of C costs more than it saves when X is not that small)
            blocked(n, m, k, b, Trans.N, a, Trans.T, beta == 1f, c, n, true, colStart, colEnd, rowStart, rowEnd, null);
            return;
        }
        blocked(m, n, k, a, transA, b, transB, beta == 1f, c, n, false, rowStart, rowEnd, colStart, colEnd, null);
    }

    /**
     * B ({@code k × n}, used as stored) in the panels {@link #blocked} would pack it into, every
     * {@code (column block, k slice)} one after the other in the order {@code blocked} visits them.
     */
    @Override
    public float[] packB(int k, int n, float[] b) {
        int kBlocks = (k + KC - 1) / KC;
        int kcBase = (k + kBlocks - 1) / kBlocks;
        long size = 0;
        for (int jc = 0; jc < n; jc += NC) {
            size += (long) k * ((Math.min(NC, n - jc) + NR - 1) / NR) * NR;
        }
        if (k == 0 || size > Integer.MAX_VALUE) {
            return null;
        }
        float[] packed = new float[(int) size];
        int off = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int p0 = kb * kcBase;
                int kc = Math.min(kcBase, k - p0);
                packB(Trans.N, b, n, k, p0, kc, jc, nc, packed, off);
                off += kc * ((nc + NR - 1) / NR) * NR;
            }
        }
        return packed;
    }

    @Override
    public void multiplyPacked(int m, int n, int k, float[] a, float[] b, float[] packedB, float[] c) {
        if (packedB == null || m < MR || (long) m * n * k <= TINY_WORK) {
            multiply(Trans.N, Trans.N, m, n, k, a, b, 0f, c, 0, m, 0, n);
            return;
        }
        blocked(m, n, k, a, Trans.N, b, Trans.N, false, c, n, false, 0, m, 0, n, packedB);
    }

    /**
     * The cache-blocked product {@code P = op(A)·op(B)} of size {@code m × n}, for rows
     * {@code rowStart … rowEnd-1} and columns {@code colStart … colEnd-1}, stored into C at
     * {@code c[i·ldc + j]}, or at {@code c[j·ldc + i]} when {@code transposedC} (P is then Cᵀ).
     * An A used as stored ({@code N}) is read in place, row by row; a transposed one is packed.
     * B comes from {@code packed} when given ({@link #packB}'s layout of the whole B; then the
     * columns are all of them), else each block is packed here.
     */
    private void blocked(int m, int n, int k, float[] a, Trans transA, float[] b, Trans transB, boolean beta1,
                         float[] c, int ldc, boolean transposedC, int rowStart, int rowEnd, int colStart, int colEnd,
                         float[] packed) {
        int kBlocks = (k + KC - 1) / KC;
        int kcBase = (k + kBlocks - 1) / kBlocks;
        boolean direct = transA == Trans.N;
        float[] pb = packed == null ? packB : packed;
        int packedOff = 0;
        for (int jc = colStart; jc < colEnd; jc += NC) {
            int nc = Math.min(NC, colEnd - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int p0 = kb * kcBase;
                int kc = Math.min(kcBase, k - p0);
                boolean accumulate = kb > 0 || beta1;
                int base = 0;
                if (packed == null) {
                    packB(transB, b, n, k, p0, kc, jc, nc, packB, 0);
                } else {
                    base = packedOff;
                    packedOff += kc * ((nc + NR - 1) / NR) * NR;
                }
                for (int ic = rowStart; ic < rowEnd; ic += MC) {
                    int mc = Math.min(MC, rowEnd - ic);
                    if (!direct) {
                        packA(a, m, ic, mc, p0, kc);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int bOff = base + (jr / NR) * NR * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int i = ic + ir;
                            int j = jc + jr;
                            int cOff = transposedC ? j * ldc + i : i * ldc + j;
                            if (direct) {
                                microKernel(kc, a, i * k + p0, k, pb, bOff, c, cOff, ldc, transposedC, accumulate, rows,
                                        cols);
                            } else {
                                microKernel(kc, packA, (ir / MR) * MR * kc, kc, pb, bOff, c, cOff, ldc, transposedC,
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

    /**
     * Copies rows {@code p0 … p0+kc-1}, columns {@code j0 … j0+nc-1} of op(B) into NR-column panels
     * at {@code pb[off …]}.
     */
    private static void packB(Trans transB, float[] b, int n, int k, int p0, int kc, int j0, int nc, float[] pb, int off) {
        for (int q = 0, j = j0; j < j0 + nc; q++, j += NR) {
            int cols = Math.min(NR, j0 + nc - j);
            int base = off + q * NR * kc;
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
    private void microKernel(int kc, float[] pa, int aOff, int rowStride, float[] pb, int bOff, float[] c, int cOff,
                             int ldc, boolean transposedC, boolean accumulate, int rows, int cols) {
        // rows past the edge repeat the last real row: computed, never stored
        int o0 = aOff;
        int o1 = aOff + Math.min(1, rows - 1) * rowStride;
        int o2 = aOff + Math.min(2, rows - 1) * rowStride;
        int o3 = aOff + Math.min(3, rows - 1) * rowStride;
        // the accumulators start from C's partial sums (the contract's single fma chain continues
        // across k slices), read through the scratch tile at an edge or when C is transposed
        boolean whole = !transposedC && rows == MR && cols == NR;
        float[] t = tile;
        int rowStep = transposedC ? 1 : ldc;
        int colStep = transposedC ? ldc : 1;
        float[] src = whole ? c : t;
        int s0 = whole ? cOff : 0;
        int rs = whole ? ldc : NR;
        if (accumulate && !whole) {
            for (int r = 0; r < rows; r++) {
                int ci = cOff + r * rowStep;
                int ti = r * NR;
                for (int j = 0; j < cols; j++, ci += colStep) {
                    t[ti + j] = c[ci];
                }
            }
        }
        if (!accumulate) {
            // one load path for both cases (a vector chosen by a branch would be boxed)
            src = ZEROS;
            s0 = 0;
            rs = NR;
        }
        FloatVector c00 = FloatVector.fromArray(S, src, s0);
        FloatVector c01 = FloatVector.fromArray(S, src, s0 + L);
        FloatVector c02 = FloatVector.fromArray(S, src, s0 + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, s0 + rs);
        FloatVector c11 = FloatVector.fromArray(S, src, s0 + rs + L);
        FloatVector c12 = FloatVector.fromArray(S, src, s0 + rs + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, s0 + 2 * rs);
        FloatVector c21 = FloatVector.fromArray(S, src, s0 + 2 * rs + L);
        FloatVector c22 = FloatVector.fromArray(S, src, s0 + 2 * rs + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, s0 + 3 * rs);
        FloatVector c31 = FloatVector.fromArray(S, src, s0 + 3 * rs + L);
        FloatVector c32 = FloatVector.fromArray(S, src, s0 + 3 * rs + 2 * L);
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
        if (whole) {
            store(c00, c01, c02, c, cOff);
            store(c10, c11, c12, c, cOff + ldc);
            store(c20, c21, c22, c, cOff + 2 * ldc);
            store(c30, c31, c32, c, cOff + 3 * ldc);
            return;
        }
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
        for (int r = 0; r < rows; r++) {
            int ci = cOff + r * rowStep;
            int ti = r * NR;
            for (int j = 0; j < cols; j++, ci += colStep) {
                c[ci] = t[ti + j];
            }
        }
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int off) {
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
        v2.intoArray(c, off + 2 * L);
    }

    /**
     * {@code C = X·Wᵀ} with few columns (an output layer: {@code n ≤ SMALL_N}): {@code Wᵀ}, small,
     * is copied into rows of whole vectors, and four rows of X at a time broadcast their elements
     * against it; lanes hold neighbouring columns, each the contract's fma chain over {@code p} in
     * order. C goes through a small tile, so the last, partial vector needs no mask.
     */
    private void narrow(int n, int k, float[] a, float[] b, boolean accumulate, float[] c,
                        int rowStart, int rowEnd, int colStart, int colEnd) {
        int cols = colEnd - colStart;
        int np = (cols + L - 1) / L * L;
        if (packW.length < k * np) {
            packW = new float[k * np];
        }
        float[] w = packW;
        for (int p = 0; p < k; p++) {
            int d = p * np - colStart;
            for (int j = colStart; j < colEnd; j++) {
                w[d + j] = b[j * k + p];
            }
            for (int j = cols; j < np; j++) {
                w[p * np + j] = 0f;
            }
        }
        float[] t = rowTile;
        for (int v = 0; v < np; v += L) {
            int j0 = colStart + v;
            int width = Math.min(L, colEnd - j0);
            for (int i = rowStart; i < rowEnd; i += 4) {
                int rows = Math.min(4, rowEnd - i);
                for (int r = 0; r < 4; r++) {
                    int ci = (i + Math.min(r, rows - 1)) * n + j0;
                    for (int j = 0; j < L; j++) {
                        t[r * L + j] = accumulate && j < width ? c[ci + j] : 0f;
                    }
                }
                // rows past the edge repeat the last real row: computed, never stored
                int a0 = i * k;
                int a1 = (i + Math.min(1, rows - 1)) * k;
                int a2 = (i + Math.min(2, rows - 1)) * k;
                int a3 = (i + Math.min(3, rows - 1)) * k;
                FloatVector s0 = FloatVector.fromArray(S, t, 0);
                FloatVector s1 = FloatVector.fromArray(S, t, L);
                FloatVector s2 = FloatVector.fromArray(S, t, 2 * L);
                FloatVector s3 = FloatVector.fromArray(S, t, 3 * L);
                for (int p = 0, wp = v; p < k; p++, wp += np) {
                    FloatVector wv = FloatVector.fromArray(S, w, wp);
                    s0 = FloatVector.broadcast(S, a[a0 + p]).fma(wv, s0);
                    s1 = FloatVector.broadcast(S, a[a1 + p]).fma(wv, s1);
                    s2 = FloatVector.broadcast(S, a[a2 + p]).fma(wv, s2);
                    s3 = FloatVector.broadcast(S, a[a3 + p]).fma(wv, s3);
                }
                s0.intoArray(t, 0);
                s1.intoArray(t, L);
                s2.intoArray(t, 2 * L);
                s3.intoArray(t, 3 * L);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(t, r * L, c, (i + r) * n + j0, width);
                }
            }
        }
    }

    /**
     * {@code C[i][:] (+)= A[i, :]·B} for A and B used as stored ({@code N, N}) and fewer than
     * {@code MR} rows (one example at inference): B's rows are read where they lie, contiguous
     * along {@code j}, so nothing is packed. Lanes hold neighbouring columns; each element is the
     * contract's chain {@code s ← fma(A[i][p], B[p][j], s)} over {@code p} in order, the columns
     * past the last whole vector with the scalar {@link Math#fma}.
     */
    private static void fewRows(int n, int k, float[] a, float[] b, boolean accumulate, float[] c,
                                int rowStart, int rowEnd, int colStart, int colEnd) {
        for (int i = rowStart; i < rowEnd; i++) {
            int ai = i * k;
            int ci = i * n;
            if (!accumulate) {
                // the sums start from C, cleared (a vector chosen by a branch would be boxed)
                java.util.Arrays.fill(c, ci + colStart, ci + colEnd, 0f);
            }
            int j = colStart;
            for (; j + 4 * L <= colEnd; j += 4 * L) {
                FloatVector s0 = FloatVector.fromArray(S, c, ci + j);
                FloatVector s1 = FloatVector.fromArray(S, c, ci + j + L);
                FloatVector s2 = FloatVector.fromArray(S, c, ci + j + 2 * L);
                FloatVector s3 = FloatVector.fromArray(S, c, ci + j + 3 * L);
                for (int p = 0, bp = j; p < k; p++, bp += n) {
                    FloatVector x = FloatVector.broadcast(S, a[ai + p]);
                    s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
                }
                s0.intoArray(c, ci + j);
                s1.intoArray(c, ci + j + L);
                s2.intoArray(c, ci + j + 2 * L);
                s3.intoArray(c, ci + j + 3 * L);
            }
            for (; j + L <= colEnd; j += L) {
                FloatVector s0 = FloatVector.fromArray(S, c, ci + j);
                for (int p = 0, bp = j; p < k; p++, bp += n) {
                    s0 = FloatVector.broadcast(S, a[ai + p]).fma(FloatVector.fromArray(S, b, bp), s0);
                }
                s0.intoArray(c, ci + j);
            }
            for (; j < colEnd; j++) {
                float s0 = c[ci + j];
                for (int p = 0, bp = j; p < k; p++, bp += n) {
                    s0 = Math.fma(a[ai + p], b[bp], s0);
                }
                c[ci + j] = s0;
            }
        }
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
