package org.backprop.tensor.kernel;

import java.util.function.Supplier;

/**
 * A single-threaded {@link Gemm} that any number of threads may call at once: each calling thread
 * gets its own {@link TileKernel} (and so its own packing buffers), created on its first call.
 */
final class SharedGemm implements Gemm {
    private final ThreadLocal<TileKernel> tiles;
    private final String name;

    SharedGemm(Supplier<TileKernel> factory) {
        this.tiles = ThreadLocal.withInitial(factory);
        this.name = factory.get().name();
    }

    @Override
    public void sgemm(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        tiles.get().multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, 0, n);
    }

    @Override
    public float[] packB(int k, int n, float[] b) {
        return tiles.get().packB(k, n, b);
    }

    @Override
    public void sgemmPacked(int m, int n, int k, float[] a, float[] b, float[] packedB, float[] c) {
        tiles.get().multiplyPacked(m, n, k, a, b, packedB, c);
    }

    @Override
    public String name() {
        return name;
    }
}
