package org.backprop.bench;

import java.util.concurrent.TimeUnit;
import org.backprop.engine.TrainingStep;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
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
 * One training step of 784-256-128-10 (ReLU, softmax cross-entropy, plain SGD, float32) and of
 * the 2-2-1 XOR network, through {@code TrainingSteps.create}. Run with {@code -prof gc}: the
 * {@code gc.alloc.rate.norm} column is the bytes allocated per step, and should read 0 (or a
 * few bytes of measurement noise).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmark {

    /** The MLP at one batch size and thread count. */
    @State(Scope.Thread)
    public static class Mlp {
        /** Examples per step. */
        @Param({"32", "128", "1024"})
        public int batch;

        /** Threads for the matrix products. */
        @Param({"1", "2"})
        public int threads;

        TrainingStep step;
        Tensor x;
        Tensor y;

        /** Builds the network, the step and one random batch. */
        @Setup(Level.Trial)
        public void setUp() {
            step = Workloads.mlpStep(Workloads.mlp(1), threads);
            Rng rng = new Rng(2);
            x = Workloads.randomInputs(rng, batch, Workloads.MLP_INPUTS);
            y = Workloads.randomLabels(rng, batch, Workloads.MLP_CLASSES);
        }

        /** Stops the kernel's worker threads. */
        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            if (step instanceof AutoCloseable) {
                ((AutoCloseable) step).close();
            }
        }
    }

    /** The XOR network and its four examples. */
    @State(Scope.Thread)
    public static class Xor {
        TrainingStep step;
        Tensor x;
        Tensor y;

        /** Builds the network and the step. */
        @Setup(Level.Trial)
        public void setUp() {
            step = Workloads.xorStep(Workloads.xor(7));
            x = Workloads.xorInputs();
            y = Workloads.xorTargets();
        }
    }

    /** One MLP step; the score is µs per step. */
    @Benchmark
    public double mlpStep(Mlp s) {
        return s.step.step(s.x, s.y);
    }

    /** One full-batch XOR step. */
    @Benchmark
    public double xorStep(Xor s) {
        return s.step.step(s.x, s.y);
    }
}
