package org.backprop.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast kernels against the exact product and the reference: every element must be within the
 * float rounding bound {@code (k+2)·u·Σ|a||b|} of the double-precision result and equal, bit for
 * bit, to {@link ReferenceGemm}'s (the {@link Gemm} contract's single fma chain), on random shapes
 * with odd sizes, for all four transpose combinations and beta 0, 1 and ½. The build runs this
 * class again with the vector width limited to 128 and 256 bits (see the core POM), so every
 * width is held to the same bits.
 */
class GemmKernelTest {
    private static final int[] SIZES = {1, 3, 7, 17, 64, 255};

    static List<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        Rng rng = new Rng(42);
        for (int m : SIZES) {
            for (int n : SIZES) {
                int k = SIZES[rng.nextInt(SIZES.length)];
                out.add(Arguments.of(m, n, k));
            }
        }
        // the MLP's shapes at batch 32, and a k that needs several uneven cache blocks
        out.add(Arguments.of(32, 256, 784));
        out.add(Arguments.of(10, 128, 32));
        out.add(Arguments.of(32, 10, 128));
        out.add(Arguments.of(33, 129, 513));
        // regression: 1024 (and more) columns, not a whole number of register panels: the packed B
        // buffer once held KC·NC floats, one panel short, and a 1024-wide layer crashed
        out.add(Arguments.of(8, 1024, 256));
        out.add(Arguments.of(5, 2049, 512));
        // the output layer at larger batches (computed transposed), and one to three rows read in place
        out.add(Arguments.of(128, 10, 128));
        out.add(Arguments.of(1, 1000, 300));
        out.add(Arguments.of(2, 77, 784));
        return out;
    }

    @ParameterizedTest(name = "vector {0}x{1}x{2}")
    @MethodSource("shapes")
    void vectorKernelMatchesTheExactProductForEveryTransposeAndBeta(int m, int n, int k) {
        assumeFalse("reference".equals(System.getProperty("backprop.kernel")), "the reference kernel is forced");
        assertThat(Kernels.name()).as("tests run with --add-modules jdk.incubator.vector").startsWith("vector");
        checkAllCases(Kernels.newTiles(false), m, n, k);
    }

    @ParameterizedTest(name = "reference {0}x{1}x{2}")
    @MethodSource("shapes")
    void scalarKernelMatchesTheExactProductForEveryTransposeAndBeta(int m, int n, int k) {
        checkAllCases(Kernels.newTiles(true), m, n, k);
    }

    @Test
    void scalarTilesEqualReferenceGemmBitForBit() {
        // Given random operands
        Rng rng = new Rng(5);
        int m = 13, n = 9, k = 21;
        for (Trans ta : Trans.values()) {
            for (Trans tb : Trans.values()) {
                float[] a = random(rng, m * k);
                float[] b = random(rng, k * n);
                float[] c1 = random(rng, m * n);
                float[] c2 = c1.clone();
                // When both compute the same product
                new ReferenceGemm().sgemm(ta, tb, m, n, k, a, b, 1f, c1);
                new ReferenceTiles().multiply(ta, tb, m, n, k, a, b, 1f, c2, 0, m, 0, n);
                // Then the values are identical
                assertThat(c2).containsExactly(c1);
            }
        }
    }

    @Test
    void parallelProductsAreBitIdenticalWhateverTheThreadCount() {
        // Given products large enough to be split (tall and wide), for both kernels
        int[][] shapes = {{67, 300, 61}, {300, 40, 97}, {128, 256, 784}};
        for (boolean reference : new boolean[] {false, true}) {
            Supplier<TileKernel> tiles = () -> Kernels.newTiles(reference);
            for (int[] s : shapes) {
                for (Trans ta : Trans.values()) {
                    for (Trans tb : Trans.values()) {
                        Rng rng = new Rng(s[0] * 31L + s[1]);
                        float[] a = random(rng, s[0] * s[2]);
                        float[] b = random(rng, s[2] * s[1]);
                        float[] c0 = random(rng, s[0] * s[1]);
                        // When one, two and three threads compute it
                        float[] one = run(tiles, 1, ta, tb, s, a, b, c0);
                        float[] two = run(tiles, 2, ta, tb, s, a, b, c0);
                        float[] three = run(tiles, 3, ta, tb, s, a, b, c0);
                        // Then every bit agrees
                        assertThat(two).as("2 threads %s %s %s", ta, tb, reference).containsExactly(one);
                        assertThat(three).as("3 threads %s %s %s", ta, tb, reference).containsExactly(one);
                    }
                }
            }
        }
    }

    @Test
    void parallelKernelComputesTheRightValues() {
        // Given a two-thread kernel and a product above the threshold for splitting
        try (ParallelGemm gemm = Kernels.gemm(2)) {
            // When and Then it is within rounding of the exact product for every case
            for (Trans ta : Trans.values()) {
                for (Trans tb : Trans.values()) {
                    check((tA, tB, m, n, k, a, b, beta, c) -> gemm.sgemm(tA, tB, m, n, k, a, b, beta, c),
                            ta, tb, 129, 257, 63, 1f, new Rng(9));
                }
            }
            assertThat(gemm.threads()).isEqualTo(2);
            assertThat(gemm.name()).endsWith("×2 threads");
        }
    }

    @Test
    void packedProductsGiveTheBitsOfTheUnpackedOnes() {
        // Given B matrices packed once, of shapes with several k slices and (n > 1024) column blocks
        int[][] shapes = {{1, 7, 3}, {3, 64, 255}, {17, 255, 513}, {33, 1100, 600}, {128, 256, 784}, {5, 10, 128}};
        for (boolean reference : new boolean[] {false, true}) {
            TileKernel kernel = Kernels.newTiles(reference);
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                Rng rng = new Rng(m + 31L * n + 7L * k);
                float[] a = random(rng, m * k);
                float[] b = random(rng, k * n);
                float[] packed = kernel.packB(k, n, b);
                float[] expected = new float[m * n];
                kernel.multiply(Trans.N, Trans.N, m, n, k, a, b, 0f, expected, 0, m, 0, n);
                // When the product reads the packed B (twice: C's old content must not matter)
                float[] c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                kernel.multiplyPacked(m, n, k, a, b, packed, c);
                // Then it has the unpacked product's bits, and those of the reference
                assertThat(c).as("%s %dx%dx%d", kernel.name(), m, n, k).containsExactly(expected);
                float[] ref = new float[m * n];
                ReferenceTiles.multiplyRange(Trans.N, Trans.N, m, n, k, a, b, 0f, ref, 0, m, 0, n);
                assertThat(c).containsExactly(ref);
            }
        }
    }

    @Test
    void rowBandsCoverEveryRowOnceOnTileBoundariesWhateverTheThreadCount() {
        for (int threads = 1; threads <= 3; threads++) {
            try (ParallelGemm gemm = Kernels.gemm(threads)) {
                // Given 1027 rows cut into bands of at most 128
                int rows = 1027;
                int[] seen = new int[rows];
                java.util.Set<String> bands = java.util.concurrent.ConcurrentHashMap.newKeySet();
                int unit = Kernels.newTiles(false).rowUnit();
                int nThreads = threads;
                // When the crew runs them (twice: the second time reuses the posted job)
                for (int rep = 0; rep < 2; rep++) {
                    gemm.forEachBand(rows, 128, (kernel, part, start, end) -> {
                        assertThat(part).isBetween(0, nThreads - 1);
                        assertThat(kernel).isNotNull();
                        bands.add(start + "-" + end);
                        for (int r = start; r < end; r++) {
                            synchronized (seen) {
                                seen[r]++;
                            }
                        }
                    });
                }
                // Then every row ran once per call, in nine bands that depend on the rows alone
                for (int r = 0; r < rows; r++) {
                    assertThat(seen[r]).as("row %d, %d threads", r, threads).isEqualTo(2);
                }
                assertThat(bands).hasSize(9);
                for (String band : bands) {
                    int start = Integer.parseInt(band.split("-")[0]);
                    assertThat(start % unit).isZero();
                }
                // and a failing band is reported to the caller
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> gemm.forEachBand(rows, 128, (k, part, s, e) -> {
                    if (s == 0) {
                        throw new IllegalStateException("band 0 failed");
                    }
                })).hasMessage("band 0 failed");
            }
        }
    }

    @Test
    void kernelChoiceIsDescribedInOneLine() {
        assertThat(Kernels.description()).startsWith(Kernels.name()).doesNotContain("\n");
    }

    private static float[] run(Supplier<TileKernel> tiles, int threads, Trans ta, Trans tb, int[] s,
                               float[] a, float[] b, float[] c0) {
        float[] c = c0.clone();
        try (ParallelGemm g = new ParallelGemm(tiles, threads)) {
            g.sgemm(ta, tb, s[0], s[1], s[2], a, b, 1f, c);
        }
        return c;
    }

    private interface Product {
        void sgemm(Trans ta, Trans tb, int m, int n, int k, float[] a, float[] b, float beta, float[] c);
    }

    private static void checkAllCases(TileKernel kernel, int m, int n, int k) {
        Rng rng = new Rng(m * 1000L + n * 10L + k);
        for (Trans ta : Trans.values()) {
            for (Trans tb : Trans.values()) {
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    check((tA, tB, mm, nn, kk, a, b, bt, c) -> kernel.multiply(tA, tB, mm, nn, kk, a, b, bt, c, 0, mm, 0, nn),
                            ta, tb, m, n, k, beta, rng);
                }
            }
        }
    }

    private static void check(Product product, Trans ta, Trans tb, int m, int n, int k, float beta, Rng rng) {
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] c = random(rng, m * n);
        float[] c0 = c.clone();
        product.sgemm(ta, tb, m, n, k, a, b, beta, c);
        float[] reference = c0.clone();
        new ReferenceGemm().sgemm(ta, tb, m, n, k, a, b, beta, reference);
        for (int i = 0; i < m * n; i++) {
            if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(reference[i])) {
                fail("%s %s %dx%dx%d beta %s: C[%d][%d] = %s, the reference gives %s (must be the same bits)",
                        ta, tb, m, n, k, beta, i / n, i % n, c[i], reference[i]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = beta * (double) c0[i * n + j];
                double bound = Math.abs(exact);
                for (int p = 0; p < k; p++) {
                    double av = ta == Trans.N ? a[i * k + p] : a[p * m + i];
                    double bv = tb == Trans.N ? b[p * n + j] : b[j * k + p];
                    exact += av * bv;
                    bound += Math.abs(av * bv);
                }
                double tolerance = (k + 2) * 0x1p-24 * bound + 1e-30;
                double got = c[i * n + j];
                if (Math.abs(got - exact) > tolerance) {
                    fail("%s %s %dx%dx%d beta %s: C[%d][%d] = %s, exact %s (tolerance %s)",
                            ta, tb, m, n, k, beta, i, j, got, exact, tolerance);
                }
            }
        }
    }

    private static float[] random(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return x;
    }
}
