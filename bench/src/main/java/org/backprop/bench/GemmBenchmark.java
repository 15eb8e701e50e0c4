package org.backprop.bench;

import java.util.concurrent.TimeUnit;
import org.backprop.random.Rng;
import org.backprop.tensor.kernel.Kernels;
import org.backprop.tensor.kernel.ParallelGemm;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GFLOP/s of each matrix product of a 784-256-128-10 training step. The {@code flops} counter
 * is reported per second: divide by 10⁹ for GFLOP/s. Run with
 * {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBenchmark}
 * (add {@code -prof gc} to see that a product allocates nothing).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GemmBenchmark {

    /** Which product. */
    @Param({"FWD1", "FWD2", "FWD3", "DW1", "DW2", "DW3", "DX2", "DX3"})
    public Workloads.Product product;

    /** The batch size (rows of X). */
    @Param({"128"})
    public int batch;

    /** Threads the product is spread over. */
    @Param({"1", "2"})
    public int threads;

    private ParallelGemm gemm;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Floating-point operations done, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** {@code 2mnk} per product. */
        public long flops;
    }

    /** Random operands of the product's shape. */
    @Setup(Level.Trial)
    public void setUp() {
        m = product.m(batch);
        n = product.n(batch);
        k = product.k(batch);
        Rng rng = new Rng(1);
        a = Workloads.randomInputs(rng, m, k).floatData();
        b = Workloads.randomInputs(rng, k, n).floatData();
        c = new float[m * n];
        gemm = Kernels.gemm(threads);
    }

    /** Stops the kernel's worker threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        gemm.close();
    }

    /** One product. */
    @Benchmark
    public float[] sgemm(Flops counter) {
        gemm.sgemm(product.transA, product.transB, m, n, k, a, b, 0f, c);
        counter.flops += 2L * m * n * k;
        return c;
    }
}
