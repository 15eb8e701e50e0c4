package org.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;
import org.backprop.autograd.Variable;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Adam;
import org.backprop.optim.GradientClip;
import org.backprop.optim.GradientClipping;
import org.backprop.optim.GradientHook;
import org.backprop.optim.GradientPipeline;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FusedMlpStepTest {

    /** Targets for a loss: class indices, one-hot rows, or values in (0, 1). */
    enum Targets { INDICES, ONE_HOT, VALUES }

    @ParameterizedTest(name = "{0} | {1} | {2} | {3}")
    @CsvSource(delimiter = '|', value = {
        "13 | 17 relu, 10 softmax | cross-entropy | INDICES | sgd",
        "13 | 17 relu, 10 softmax | cross-entropy | ONE_HOT | momentum",
        "9 | 11 tanh, 7 sigmoid, 3 identity | mse | VALUES | adam",
        "5 | 8 relu, 4 identity | softmax-cross-entropy | ONE_HOT | sgd",
        "6 | 6 leaky_relu(0.1), 3 softmax | mse | VALUES | sgd",
        "4 | 7 elu, 5 gelu, 2 sigmoid | half-squared | VALUES | regularized",
        "3 | 40 softplus, 1 sigmoid | sse | VALUES | momentum",
        "30 | 70 relu, 33 relu, 10 softmax | cross-entropy | INDICES | adam",
    })
    void fusedStepEqualsTheAutogradStep(int inputs, String spec, String lossName, Targets targets, String optimizer) {
        // Given two identical networks, one trained by the graph, one by the fused engine
        Network reference = NetworkSpec.parse(spec).build(inputs, new Rng(11));
        Network fused = NetworkSpec.parse(spec).build(inputs, new Rng(11));
        Loss loss = Losses.forName(lossName);
        Regularization reg = optimizer.equals("regularized") ? new Regularization(1e-3, 1e-2) : Regularization.NONE;
        TrainingStep slow = new AutogradStep(reference, loss, optimizer(optimizer, reference), reg);
        TrainingStep fast = new FusedMlpStep(fused, loss, optimizer(optimizer, fused), reg, 2);
        Rng rng = new Rng(3);
        int outputs = fused.outputs();

        // When both train on the same batches (of changing sizes, so the buffers grow and shrink)
        for (int batch : new int[] {5, 19, 1, 64, 7}) {
            Tensor x = random(rng, batch, inputs);
            Tensor y = targets(rng, targets, batch, outputs);
            double expected = slow.step(x, y);
            double actual = fast.step(x, y);

            // Then the losses, gradients and updated parameters agree within float rounding
            assertThat(actual).as("loss at batch %d", batch).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected))));
            List<Variable> want = reference.parameters();
            List<Variable> got = fused.parameters();
            for (int p = 0; p < want.size(); p++) {
                assertClose("grad of parameter " + p, got.get(p).grad(), want.get(p).grad(), 1e-5);
                assertClose("parameter " + p, got.get(p).value(), want.get(p).value(), 1e-5);
            }
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "norm 0.05, sgd",
        "norm 0.05, adam",
        "value 0.01, momentum",
        "value 0.01, regularized",
    })
    void clippingOnTheFusedEngineEqualsTheGraphEngine(String clipping, String optimizer) {
        // Given two identical networks, one trained by the graph and one by the fused engine, both
        // clipping their gradients (limits small enough that every step is clipped)
        String[] c = clipping.split(" ");
        double limit = Double.parseDouble(c[1]);
        GradientClip clip = c[0].equals("norm") ? GradientClip.byNorm(limit) : GradientClip.byValue(limit);
        Regularization reg = optimizer.equals("regularized") ? new Regularization(1e-3, 1e-2) : Regularization.NONE;
        GradientPipeline gradients = GradientPipeline.of(reg).withClip(clip);
        Network reference = NetworkSpec.parse("12 tanh, 9 relu, 4 softmax").build(6, new Rng(21));
        Network fused = NetworkSpec.parse("12 tanh, 9 relu, 4 softmax").build(6, new Rng(21));
        TrainingStep slow = new AutogradStep(reference, Losses.crossEntropy(), optimizer(optimizer, reference), gradients);
        TrainingStep fast = TrainingSteps.create(fused, Losses.crossEntropy(), optimizer(optimizer, fused), gradients, 2);
        assertThat(fast.name()).isEqualTo("fused-mlp");
        Rng rng = new Rng(4);

        // When both take the same ten steps
        for (int step = 0; step < 10; step++) {
            Tensor x = random(rng, 16, 6);
            Tensor y = targets(rng, Targets.INDICES, 16, 4);
            slow.step(x, y);
            fast.step(x, y);

            // Then the clipped gradients and the updated weights agree within 1e-6 after every step
            for (int p = 0; p < reference.parameters().size(); p++) {
                assertClose("step " + step + ": grad of parameter " + p, fused.parameters().get(p).grad(),
                        reference.parameters().get(p).grad(), 1e-6);
                assertClose("step " + step + ": parameter " + p, fused.parameters().get(p).value(),
                        reference.parameters().get(p).value(), 1e-6);
            }
            // and the clipping really acted: the gradients are within the limit
            if (clip.kind() == GradientClip.Kind.NORM) {
                assertThat(GradientClipping.norm(fused.parameters())).isLessThanOrEqualTo(limit * (1 + 1e-6));
            } else {
                for (Variable v : fused.parameters()) {
                    for (int i = 0; i < v.grad().size(); i++) {
                        assertThat(Math.abs(v.grad().get(i))).isLessThanOrEqualTo(limit);
                    }
                }
            }
        }
    }

    @Test
    void clippingByNormLeavesSmallGradientsBitForBit() {
        // Given the same network trained twice by the fused engine, once with a clipping norm far
        // above any gradient's norm
        Network plain = NetworkSpec.parse("8 relu, 3 softmax").build(5, new Rng(2));
        Network clipped = NetworkSpec.parse("8 relu, 3 softmax").build(5, new Rng(2));
        TrainingStep a = TrainingSteps.create(plain, Losses.crossEntropy(), sgd(plain), Regularization.NONE, 1);
        TrainingStep b = TrainingSteps.create(clipped, Losses.crossEntropy(), sgd(clipped),
                GradientPipeline.NONE.withClip(GradientClip.byNorm(1e6)), 1);
        Rng rng = new Rng(5);
        for (int step = 0; step < 5; step++) {
            Tensor x = random(rng, 8, 5);
            Tensor y = targets(rng, Targets.INDICES, 8, 3);
            a.step(x, y);
            b.step(x, y);
        }
        // Then the weights are the same to the last bit (the factor is exactly 1)
        for (int p = 0; p < plain.parameters().size(); p++) {
            assertThat(clipped.parameters().get(p).value().floatData()).containsExactly(plain.parameters().get(p).value().floatData());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sgd", "momentum", "adam"})
    void aHookThatZeroesAGradientFreezesThatWeightInTheFusedEngine(String optimizer) {
        // Given a fused step with L2 and clipping, and a hook that zeroes the gradient of weight
        // [2, 1] of the first layer and of the whole output bias
        Network net = NetworkSpec.parse("6 sigmoid, 3 softmax").build(4, new Rng(9));
        Variable w = net.namedParameters().get("layers.0.weight");
        Variable bias = net.namedParameters().get("layers.1.bias");
        int frozen = 2 * 4 + 1;
        long[] calls = {0};
        GradientHook freeze = (params, step) -> {
            calls[0]++;
            assertThat(step).isEqualTo(calls[0]);
            w.grad().set(frozen, 0);
            bias.grad().fill(0);
        };
        GradientPipeline gradients = GradientPipeline.of(new Regularization(0, 1e-2))
                .withClip(GradientClip.byNorm(1.0)).withHook(freeze);
        TrainingStep step = TrainingSteps.create(net, Losses.crossEntropy(), optimizer(optimizer, net), gradients, 1);
        assertThat(step.name()).isEqualTo("fused-mlp");
        double frozenBefore = w.value().get(frozen);
        float[] biasBefore = bias.value().toFloatArray();
        double otherBefore = w.value().get(frozen + 1);
        Rng rng = new Rng(6);

        // When it trains for 30 steps
        for (int i = 0; i < 30; i++) {
            step.step(random(rng, 10, 4), targets(rng, Targets.INDICES, 10, 3));
        }

        // Then the hook ran once per step, the frozen weight and bias did not move, and the others did
        assertThat(calls[0]).isEqualTo(30);
        assertThat(w.value().get(frozen)).isEqualTo(frozenBefore);
        assertThat(bias.value().floatData()).containsExactly(biasBefore);
        assertThat(w.value().get(frozen + 1)).isNotEqualTo(otherBefore);
    }

    @Test
    void steadyStateStepsAllocateNothingWithClipping() {
        // Given the fused engine with Adam, L2, clipping by norm (and then by value) and a hook
        GradientHook readOnly = (params, step) -> {
            if (params.get(0).grad().get(0) == Double.MAX_VALUE) {
                throw new AssertionError();
            }
        };
        for (GradientClip clip : List.of(GradientClip.byNorm(0.01), GradientClip.byValue(0.001))) {
            Network net = NetworkSpec.parse("64 relu, 32 relu, 10 softmax").build(40, new Rng(7));
            Rng rng = new Rng(1);
            Tensor x = random(rng, 32, 40);
            Tensor y = targets(rng, Targets.INDICES, 32, 10);
            GradientPipeline gradients = GradientPipeline.of(new Regularization(0, 1e-4)).withClip(clip).withHook(readOnly);
            TrainingStep step = TrainingSteps.create(net, Losses.crossEntropy(), new Adam(net.parameters(), Adam.Config.of(0.001)),
                    gradients, 1);
            assertThat(step.name()).isEqualTo("fused-mlp");
            // When and Then: once the JIT has compiled the step, 50 steps allocate zero bytes
            assertThat(eventuallyAllocatesNothing(step, x, y, 50)).as("%s", clip).isZero();
        }
    }

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        // Given the same network trained with one and with two threads, on products large enough to split
        String spec = "300 relu, 200 tanh, 10 softmax";
        Network one = NetworkSpec.parse(spec).build(100, new Rng(5));
        Network two = NetworkSpec.parse(spec).build(100, new Rng(5));
        Loss loss = Losses.crossEntropy();
        try (FusedMlpStep a = new FusedMlpStep(one, loss, new Sgd(one.parameters(), Sgd.Config.of(0.1).withMomentum(0.9)), Regularization.NONE, 1);
             FusedMlpStep b = new FusedMlpStep(two, loss, new Sgd(two.parameters(), Sgd.Config.of(0.1).withMomentum(0.9)), Regularization.NONE, 2)) {
            assertThat(b.threads()).isEqualTo(2);
            Rng rng = new Rng(8);
            // When both take the same steps
            for (int step = 0; step < 3; step++) {
                Tensor x = random(rng, 64, 100);
                Tensor y = targets(rng, Targets.INDICES, 64, 10);
                assertThat(b.step(x, y)).isEqualTo(a.step(x, y));
            }
        }
        // Then every parameter agrees to the last bit
        for (int p = 0; p < one.parameters().size(); p++) {
            assertThat(two.parameters().get(p).value().floatData())
                    .as("parameter %d", p).containsExactly(one.parameters().get(p).value().floatData());
        }
    }

    @Test
    void steadyStateStepsAllocateNothingOnTinyNetworks() {
        // Given the lecture's XOR network with the fused engine
        Network net = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.matrix(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});
        TrainingStep step = TrainingSteps.create(net, Losses.mse(), new Sgd(net.parameters(), Sgd.Config.of(1.0)), Regularization.NONE, 1);
        // When and Then: after warm-up, 1000 steps allocate zero bytes on the calling thread
        assertThat(eventuallyAllocatesNothing(step, x, y, 1000)).isZero();
    }

    @Test
    void steadyStateStepsAllocateNothingWithTheVectorKernelAndTwoThreads() {
        // Given a network whose products go through the packed SIMD kernel, one of them split over two threads
        Network net = NetworkSpec.parse("200 relu, 20 relu, 10 softmax").build(40, new Rng(7));
        Rng rng = new Rng(1);
        Tensor x = random(rng, 160, 40);
        Tensor y = targets(rng, Targets.INDICES, 160, 10);
        try (FusedMlpStep step = new FusedMlpStep(net, Losses.crossEntropy(), new Sgd(net.parameters(), Sgd.Config.of(0.01).withMomentum(0.9)),
                Regularization.NONE, 2)) {
            // When and Then: once the JIT has compiled the kernels, 50 steps allocate zero bytes
            assertThat(eventuallyAllocatesNothing(step, x, y, 50)).isZero();
        }
    }

    @Test
    void steadyStateStepsAllocateNothingWithAdamAndAdamW() {
        // Given the default training's shape of network with the fused engine and Adam (the CLI's
        // default optimiser), then AdamW with weight decay, each with its own fused float32 pass
        for (Function<List<Variable>, Optimizer> make : List.<Function<List<Variable>, Optimizer>>of(
                p -> new Adam(p, Adam.Config.of(0.001)),
                p -> new org.backprop.optim.AdamW(p, Adam.Config.of(0.001).withWeightDecay(0.01)))) {
            Network net = NetworkSpec.parse("64 relu, 32 relu, 10 softmax").build(40, new Rng(7));
            Rng rng = new Rng(1);
            Tensor x = random(rng, 32, 40);
            Tensor y = targets(rng, Targets.INDICES, 32, 10);
            TrainingStep step = TrainingSteps.create(net, Losses.crossEntropy(), make.apply(net.parameters()),
                    Regularization.NONE, 1);
            // When and Then: once the JIT has compiled the step, 50 steps allocate zero bytes
            assertThat(eventuallyAllocatesNothing(step, x, y, 50)).isZero();
        }
    }

    /**
     * Warms up, then measures windows of {@code steps} steps until one allocates nothing (or 40
     * windows have passed) and returns the last window's bytes. The interpreter and C1 box Vector
     * API values, so the first windows may allocate; compiled code must not.
     */
    private static long eventuallyAllocatesNothing(TrainingStep step, Tensor x, Tensor y, int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long bytes = -1;
        for (int window = 0; window < 40 && bytes != 0; window++) {
            for (int i = 0; i < 20 * steps; i++) {
                step.step(x, y);
            }
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < steps; i++) {
                step.step(x, y);
            }
            long after = threads.getThreadAllocatedBytes(id);
            long overhead = threads.getThreadAllocatedBytes(id) - after;
            bytes = after - before - overhead;
        }
        return bytes;
    }

    @Test
    void trainingStepsChoosesTheFusedEngineForPlainDenseNetworksOnly() {
        // Given a plain network, one with dropout, and one with an unsupported loss
        Network plain = NetworkSpec.parse("8 relu, 3 softmax").build(4, new Rng(1));
        Network dropout = NetworkSpec.parse("8 relu, dropout 0.5, 3 softmax").build(4, new Rng(1));
        // When steps are created, Then the engines are as expected, with reasons for the fallbacks
        assertThat(TrainingSteps.create(plain, Losses.crossEntropy(), sgd(plain), Regularization.NONE, 2).name()).isEqualTo("fused-mlp");
        assertThat(TrainingSteps.create(dropout, Losses.crossEntropy(), sgd(dropout), Regularization.NONE).name()).isEqualTo("autograd");
        assertThat(FusedMlpStep.unsupportedReason(dropout, Losses.crossEntropy(), sgd(dropout))).hasValueSatisfying(
                r -> assertThat(r).contains("dropout"));
        assertThat(TrainingSteps.create(plain, Losses.mae(), sgd(plain), Regularization.NONE).name()).isEqualTo("autograd");
        assertThat(FusedMlpStep.unsupportedReason(plain, Losses.mae(), sgd(plain))).hasValueSatisfying(
                r -> assertThat(r).isEqualTo("loss mae with output activation softmax has no fused form"));
        Network other = NetworkSpec.parse("8 relu, 3 softmax").build(4, new Rng(1));
        assertThat(FusedMlpStep.unsupportedReason(plain, Losses.crossEntropy(), sgd(other))).hasValueSatisfying(
                r -> assertThat(r).contains("not the network's"));
    }

    @Test
    void badBatchesAreReportedWithBothShapes() {
        // Given a fused step for a 4-input, 3-class network
        Network net = NetworkSpec.parse("8 relu, 3 softmax").build(4, new Rng(1));
        FusedMlpStep step = new FusedMlpStep(net, Losses.crossEntropy(), sgd(net), Regularization.NONE, 1);
        // When the inputs or targets have the wrong shape or values, Then the error names them
        assertThatThrownBy(() -> step.step(Tensor.zeros(2, 5), Tensor.zeros(2)))
                .isInstanceOf(ShapeMismatchException.class).hasMessage("fused step: expected inputs [batch, 4], got [2, 5]");
        assertThatThrownBy(() -> step.step(Tensor.zeros(2, 4), Tensor.zeros(3)))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("3 class indices for 2 rows of logits [2, 3]");
        assertThatThrownBy(() -> step.step(Tensor.zeros(2, 4), Tensor.of(new float[] {0, 3}, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target of row 1 is 3.0, expected a class index in [0, 3)");
    }

    @Test
    void fusedEngineLearnsXor() {
        // Given the 2-2-1 sigmoid network and the fused engine
        Network net = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.matrix(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});
        TrainingStep step = TrainingSteps.create(net, Losses.mse(), new Sgd(net.parameters(), Sgd.Config.of(2.0).withMomentum(0.9)), Regularization.NONE);
        // When it trains full-batch
        double last = Double.NaN;
        for (int i = 0; i < 3000; i++) {
            last = step.step(x, y);
        }
        // Then it has learned the function
        assertThat(step.name()).isEqualTo("fused-mlp");
        assertThat(last).isLessThan(0.01);
        Tensor p = net.predict(x);
        assertThat(p.get(0)).isLessThan(0.2);
        assertThat(p.get(1)).isGreaterThan(0.8);
        assertThat(p.get(2)).isGreaterThan(0.8);
        assertThat(p.get(3)).isLessThan(0.2);
    }

    private static Optimizer sgd(Network net) {
        return new Sgd(net.parameters(), Sgd.Config.of(0.1));
    }

    private static Optimizer optimizer(String kind, Network net) {
        switch (kind) {
            case "momentum": return new Sgd(net.parameters(), Sgd.Config.of(0.05).withNesterov(0.9));
            case "adam": return new Adam(net.parameters(), Adam.Config.of(0.01));
            default: return new Sgd(net.parameters(), Sgd.Config.of(0.1));
        }
    }

    static Tensor random(Rng rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Tensor.wrap(v, Shape.of(rows, cols));
    }

    private static Tensor targets(Rng rng, Targets kind, int rows, int classes) {
        switch (kind) {
            case INDICES: {
                float[] v = new float[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = rng.nextInt(classes);
                }
                return Tensor.wrap(v, Shape.of(rows));
            }
            case ONE_HOT: {
                float[] v = new float[rows * classes];
                for (int r = 0; r < rows; r++) {
                    v[r * classes + rng.nextInt(classes)] = 1;
                }
                return Tensor.wrap(v, Shape.of(rows, classes));
            }
            default: {
                float[] v = new float[rows * classes];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) rng.nextDouble();
                }
                return Tensor.wrap(v, Shape.of(rows, classes));
            }
        }
    }

    private static void assertClose(String what, Tensor got, Tensor want, double tolerance) {
        assertThat(got).as(what + " exists").isNotNull();
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i);
            if (Math.abs(got.get(i) - w) > tolerance * (1 + Math.abs(w))) {
                fail("%s[%d]: fused %s, autograd %s", what, i, got.get(i), w);
            }
        }
    }
}
