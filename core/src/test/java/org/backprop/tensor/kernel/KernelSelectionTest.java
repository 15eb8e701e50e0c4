package org.backprop.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs twice in the build: with the Vector API module, and with {@code -Dbackprop.kernel=reference}. */
class KernelSelectionTest {

    @Test
    void theKernelInUseFollowsTheModuleAndTheSystemProperty() {
        // Given the JVM's configuration (tests always add jdk.incubator.vector)
        boolean forced = "reference".equals(System.getProperty("backprop.kernel"));
        // When the kernel is chosen, Then it is the SIMD one unless the reference one is forced
        if (forced) {
            assertThat(Kernels.name()).isEqualTo("reference");
            assertThat(Kernels.description()).isEqualTo("reference (scalar, forced by -Dbackprop.kernel=reference)");
        } else {
            assertThat(Kernels.name()).startsWith("vector-");
            assertThat(Kernels.description()).endsWith("(SIMD, jdk.incubator.vector)");
        }
        try (ParallelGemm gemm = Kernels.gemm(2)) {
            assertThat(gemm.name()).isEqualTo(Kernels.name() + " ×2 threads");
        }
    }
}
