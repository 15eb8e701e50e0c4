package org.backprop.tensor.kernel;

import java.lang.reflect.Constructor;
import java.util.function.Supplier;

/**
 * Chooses the matrix-product kernel once per JVM and logs the choice in one line (logger
 * {@code org.backprop.tensor.kernel.Kernels}, level INFO):
 * <ul>
 *   <li>{@code vector-256} / {@code vector-512}: the packed, register-blocked SIMD kernel
 *       ({@link VectorGemm}), used when the module {@code jdk.incubator.vector} is in the boot
 *       layer (start the JVM with {@code --add-modules jdk.incubator.vector});
 *   <li>{@code reference}: the plain scalar loops of {@link ReferenceGemm}, otherwise, or when
 *       forced with the system property {@code backprop.kernel=reference}.
 * </ul>
 * The SIMD class is loaded by name and only when the module is present, so the library runs on a
 * JVM without it.
 */
public final class Kernels {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Supplier<TileKernel> TILES = chooseTiles();
    private static final Gemm GEMM = new SharedGemm(TILES);

    static {
        System.getLogger(Kernels.class.getName()).log(System.Logger.Level.DEBUG,
                "Backprop matrix kernel: " + description());
    }

    private Kernels() {
    }

    /**
     * The single-threaded kernel in use; safe to call from any number of threads at once.
     *
     * @return the one shared instance for this JVM (each calling thread gets its own scratch space)
     */
    public static Gemm gemm() {
        return GEMM;
    }

    /**
     * A new kernel that spreads large products over {@code threads} threads (bit-identical results
     * for every thread count). It owns its worker threads and scratch buffers: use it from one
     * thread at a time and {@link ParallelGemm#close() close} it when done.
     *
     * @param threads the number of threads a large product is spread over, the caller's included
     *                ({@code threads - 1} worker threads are started); at least 1
     * @return a new kernel owned by the caller
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static ParallelGemm gemm(int threads) {
        return new ParallelGemm(TILES, threads);
    }

    /**
     * The kernel's name: {@code vector-256}, {@code vector-512} or {@code reference}.
     *
     * @return the name of the kernel chosen for this JVM, the same on every call
     */
    public static String name() {
        return GEMM.name();
    }

    /**
     * One line saying which kernel is in use and why.
     *
     * @return for example {@code "vector-256 (SIMD, jdk.incubator.vector)"}, or for the scalar kernel
     *         the reason and how to get the SIMD one
     */
    public static String description() {
        String name = name();
        if (name.startsWith("vector")) {
            return name + " (SIMD, " + VECTOR_MODULE + ")";
        }
        if ("reference".equals(System.getProperty("backprop.kernel"))) {
            return name + " (scalar, forced by -Dbackprop.kernel=reference)";
        }
        return name + " (scalar; start the JVM with --add-modules " + VECTOR_MODULE + " for the SIMD kernel)";
    }

    private static Supplier<TileKernel> chooseTiles() {
        if ("reference".equals(System.getProperty("backprop.kernel"))
                || ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return ReferenceTiles::new;
        }
        try {
            Constructor<? extends TileKernel> constructor = Class.forName("org.backprop.tensor.kernel.VectorGemm")
                    .asSubclass(TileKernel.class).getDeclaredConstructor();
            constructor.newInstance();
            return () -> {
                try {
                    return constructor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create the vector kernel", e);
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return ReferenceTiles::new;
        }
    }

    /** Package-private access for tests: a fresh kernel of the chosen kind, or the reference one. */
    static TileKernel newTiles(boolean reference) {
        return reference ? new ReferenceTiles() : TILES.get();
    }
}
