package org.backprop.tensor.kernel;

/**
 * Chooses the matrix-product kernel once per JVM: the fastest one available on this machine,
 * falling back to {@link ReferenceGemm}. The choice can be forced with the system property
 * {@code backprop.kernel=reference}.
 */
public final class Kernels {
    private static final Gemm GEMM = choose();

    private Kernels() {
    }

    /** The kernel in use. */
    public static Gemm gemm() {
        return GEMM;
    }

    private static Gemm choose() {
        if ("reference".equals(System.getProperty("backprop.kernel"))) {
            return new ReferenceGemm();
        }
        return new ReferenceGemm();
    }
}
