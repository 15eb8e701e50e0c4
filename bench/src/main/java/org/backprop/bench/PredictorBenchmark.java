package org.backprop.bench;

import java.util.concurrent.TimeUnit;
import org.backprop.engine.Predictor;
import org.backprop.random.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-row inference latency of 784-256-128-10 with a shared {@link Predictor}, from one and
 * from two threads at once ({@code -prof gc} shows 0 bytes per call).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class PredictorBenchmark {
    private Predictor predictor;
    private float[] x;

    /** Per-thread output row. */
    @State(Scope.Thread)
    public static class Output {
        final float[] row = new float[Workloads.MLP_CLASSES];
    }

    /** The shared predictor and one input row. */
    @Setup(Level.Trial)
    public void setUp() {
        predictor = Predictor.of(Workloads.mlp(1));
        x = Workloads.randomInputs(new Rng(3), 1, Workloads.MLP_INPUTS).floatData();
    }

    /** One prediction on one thread. */
    @Benchmark
    public float[] singleRow(Output out) {
        predictor.predict(x, out.row);
        return out.row;
    }

    /** One prediction, two threads sharing the predictor. */
    @Benchmark
    @Threads(2)
    public float[] singleRowTwoThreads(Output out) {
        predictor.predict(x, out.row);
        return out.row;
    }
}
