package org.backprop.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.backprop.autograd.Variable;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {
    private static final Tensor X = Tensor.matrix(DType.FLOAT32, new double[][] {{0.5, -1}, {1, 2}, {-0.3, 0.1}});
    private static final Tensor Y = Tensor.matrix(DType.FLOAT32, new double[][] {{1}, {0}, {0.5}});

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Function<List<Variable>, Optimizer>) p -> new Sgd(p, Sgd.Config.of(0.1))),
                Arguments.of("momentum", (Function<List<Variable>, Optimizer>)
                        p -> new Sgd(p, Sgd.Config.of(0.1).withMomentum(0.9).withWeightDecay(0.01))),
                Arguments.of("nesterov", (Function<List<Variable>, Optimizer>) p -> new Sgd(p, Sgd.Config.of(0.1).withNesterov(0.9))),
                Arguments.of("adam", (Function<List<Variable>, Optimizer>) p -> new Adam(p, Adam.Config.of(0.01))),
                Arguments.of("adamw", (Function<List<Variable>, Optimizer>)
                        p -> new AdamW(p, Adam.Config.of(0.01).withWeightDecay(0.1))),
                Arguments.of("rmsprop", (Function<List<Variable>, Optimizer>)
                        p -> new RmsProp(p, RmsProp.Config.of(0.01).withMomentum(0.5))),
                Arguments.of("adagrad", (Function<List<Variable>, Optimizer>) p -> new AdaGrad(p, AdaGrad.Config.of(0.1))));
    }

    private static Network net() {
        return NetworkSpec.parse("3 tanh, 1 identity").build(2, new Rng(5));
    }

    private static void steps(Network net, Optimizer opt, int n) {
        for (int i = 0; i < n; i++) {
            opt.zeroGrad();
            Losses.mse().compute(net.forward(Variable.constant(X)), Y).backward();
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void savedAndRestoredStateContinuesExactlyAsAnUninterruptedRun(String name, Function<List<Variable>, Optimizer> make) {
        // Given a run of 5 steps, saved (weights and optimiser state)
        Network a = net();
        Optimizer optA = make.apply(a.parameters());
        steps(a, optA, 5);
        Map<String, Tensor> weights = a.stateDict();
        Map<String, Tensor> state = optA.stateDict();

        // When a fresh network and optimiser load both and take 5 more steps, alongside the original
        Network b = net();
        b.loadStateDict(weights);
        Optimizer optB = make.apply(b.parameters());
        steps(b, optB, 1); // dirty its state first: loading must replace it entirely
        b.loadStateDict(weights);
        optB.loadStateDict(state);
        steps(a, optA, 5);
        steps(b, optB, 5);

        // Then the weights are bit-identical and so is the state
        assertThat(b.stateDict()).isEqualTo(a.stateDict());
        assertThat(optB.stateDict()).isEqualTo(optA.stateDict());
        assertThat(optB.stepCount()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void loadingTheStateOfAFreshOptimiserResetsEveryBuffer(String name, Function<List<Variable>, Optimizer> make) {
        // Given the state of an optimiser that has not stepped yet (no buffers), and one that has run
        Network a = net();
        Map<String, Tensor> weights = a.stateDict();
        Optimizer optA = make.apply(a.parameters());
        Map<String, Tensor> fresh = optA.stateDict();
        Network b = net();
        Optimizer optB = make.apply(b.parameters());
        steps(b, optB, 3);

        // When b goes back to the start, weights and optimiser, and both take 4 steps
        b.loadStateDict(weights);
        optB.loadStateDict(fresh);
        steps(a, optA, 4);
        steps(b, optB, 4);

        // Then no stale momentum or moment estimate survived: the runs are identical
        assertThat(b.stateDict()).isEqualTo(a.stateDict());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepsReduceTheLossOfASmallRegression(String name, Function<List<Variable>, Optimizer> make) {
        // Given
        Network net = net();
        Optimizer opt = make.apply(net.parameters());
        double before = Losses.mse().compute(net.forward(Variable.constant(X)), Y).value().item();

        // When
        steps(net, opt, 30);

        // Then
        double after = Losses.mse().compute(net.forward(Variable.constant(X)), Y).value().item();
        assertThat(after).isLessThan(before);
    }

    @Test
    void zeroGradClearsEveryGradientAndStepSkipsParametersWithout() {
        // Given a network after a backward pass
        Network net = net();
        Optimizer opt = new Sgd(net.parameters(), Sgd.Config.of(0.1));
        Losses.mse().compute(net.forward(Variable.constant(X)), Y).backward();
        assertThat(net.parameters()).allSatisfy(p -> assertThat(p.grad()).isNotNull());

        // When
        opt.zeroGrad();
        Map<String, Tensor> before = net.stateDict();
        opt.step();

        // Then every gradient is gone and a step without gradients changes nothing (but counts)
        assertThat(net.parameters()).allSatisfy(p -> assertThat(p.grad()).isNull());
        assertThat(net.stateDict()).isEqualTo(before);
        assertThat(opt.stepCount()).isEqualTo(1);
    }

    @Test
    void sgdMomentumFollowsPyTorchsRuleByHand() {
        // Given w = 1, constant gradient g = 2 (loss 2w), η = 0.1, μ = 0.5
        Variable w = Variable.parameter(Tensor.vector(DType.FLOAT64, 1));
        Optimizer opt = new Sgd(List.of(w), Sgd.Config.of(0.1).withMomentum(0.5));

        // When three steps are taken
        double[] after = new double[3];
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            w.scale(2).sum().backward();
            opt.step();
            after[i] = w.value().get(0);
        }

        // Then v = 2, 3, 3.5 (v = g on the first step, then μv + g) and w = 1 − 0.2, − 0.3, − 0.35
        assertThat(after[0]).isCloseTo(0.8, within(1e-15));
        assertThat(after[1]).isCloseTo(0.5, within(1e-15));
        assertThat(after[2]).isCloseTo(0.15, within(1e-15));
    }

    @Test
    void adamFirstStepMovesEachWeightByAboutTheLearningRate() {
        // Given any non-zero gradient, Adam's first step is η·g/(|g| + ε·…) ≈ η·sign(g)
        Variable w = Variable.parameter(Tensor.vector(DType.FLOAT64, 1, 1));
        Optimizer opt = new Adam(List.of(w), Adam.Config.of(0.01));

        // When
        w.mul(Variable.constant(Tensor.vector(DType.FLOAT64, 5, -0.001))).sum().backward();
        opt.step();

        // Then m̂ = g, v̂ = g², so the step is η·g/(|g| + ε): 0.01 either way (ε = 1e-8 barely matters)
        assertThat(w.value().get(0)).isCloseTo(1 - 0.01, within(1e-9));
        assertThat(w.value().get(1)).isCloseTo(1 + 0.01 * 0.001 / (0.001 + 1e-8), within(1e-12));
    }

    @Test
    void hyperparameterValidationNamesTheRecordTheFieldAndTheValue() {
        // Given / When / Then
        expect(() -> Sgd.Config.of(0), "Sgd.Config: learningRate must be a finite number > 0, got 0.0");
        expect(() -> Sgd.Config.of(-1), "Sgd.Config: learningRate must be a finite number > 0, got -1.0");
        expect(() -> Sgd.Config.of(Double.NaN), "Sgd.Config: learningRate must be a finite number > 0, got NaN");
        expect(() -> Sgd.Config.of(0.1).withMomentum(1.0), "Sgd.Config: momentum must be in [0, 1), got 1.0");
        expect(() -> Sgd.Config.of(0.1).withWeightDecay(-0.1), "Sgd.Config: weightDecay must be a finite number ≥ 0, got -0.1");
        expect(() -> new Sgd.Config(0.1, Sgd.Momentum.NESTEROV, 0, 0), "Sgd.Config: momentumRule NESTEROV needs momentum > 0, got 0");
        expect(() -> new Sgd.Config(0.1, null, 0.5, 0), "Sgd.Config: momentumRule is null");
        expect(() -> new Adam.Config(0.1, 1.0, 0.999, 1e-8, 0), "Adam.Config: beta1 must be in [0, 1), got 1.0");
        expect(() -> new Adam.Config(0.1, 0.9, -0.1, 1e-8, 0), "Adam.Config: beta2 must be in [0, 1), got -0.1");
        expect(() -> new Adam.Config(0.1, 0.9, 0.999, 0, 0), "Adam.Config: epsilon must be a finite number > 0, got 0.0");
        expect(() -> Adam.Config.of(Double.POSITIVE_INFINITY), "Adam.Config: learningRate must be a finite number > 0, got Infinity");
        expect(() -> new RmsProp.Config(0.1, 1.5, 1e-8, 0, 0), "RmsProp.Config: alpha must be in [0, 1), got 1.5");
        expect(() -> RmsProp.Config.of(0.1).withMomentum(-0.5), "RmsProp.Config: momentum must be in [0, 1), got -0.5");
        expect(() -> new AdaGrad.Config(0.1, 1e-10, -1), "AdaGrad.Config: weightDecay must be a finite number ≥ 0, got -1.0");
        expect(() -> new Sgd(List.of(), Sgd.Config.of(0.1)), "Sgd: no parameters to optimise");
        Optimizer opt = new Sgd(net().parameters(), Sgd.Config.of(0.1));
        expect(() -> opt.setLearningRate(-1), "Sgd: learningRate must be a finite number ≥ 0, got -1.0");
        expect(() -> Optimizers.forName("lbfgs", net().parameters(), 0.1), "unknown optimizer 'lbfgs'");
    }

    @Test
    void loadingAMismatchedStateListsEveryProblem() {
        // Given an Adam state loaded into a gradient descent over other parameters
        Network net = net();
        Optimizer adam = new Adam(net.parameters(), Adam.Config.of(0.01));
        steps(net, adam, 1);
        Map<String, Tensor> state = new LinkedHashMap<>(adam.stateDict());
        Optimizer momentum = new Sgd(net.parameters(), Sgd.Config.of(0.1).withMomentum(0.9));
        state.put("momentum.0", Tensor.zeros(7));
        state.remove("step");

        // When / Then
        assertThatThrownBy(() -> momentum.loadStateDict(state))
                .hasMessageContaining("m.0: unexpected for Sgd").hasMessageContaining("v.3: unexpected for Sgd")
                .hasMessageContaining("momentum.0: expected shape [3, 2], got [7]").hasMessageContaining("step: missing");
    }

    @Test
    void forNameBuildsEachOptimiserWithItsDefaults() {
        // Given / When / Then
        List<Variable> p = net().parameters();
        assertThat(Optimizers.forName("sgd", p, 0.1)).isInstanceOf(Sgd.class);
        assertThat(((Sgd) Optimizers.forName("momentum", p, 0.1)).config().momentumRule()).isEqualTo(Sgd.Momentum.CLASSICAL);
        assertThat(((Sgd) Optimizers.forName("Nesterov", p, 0.1)).config().momentum()).isEqualTo(0.9);
        assertThat(Optimizers.forName("adam", p, 0.1)).isExactlyInstanceOf(Adam.class);
        assertThat(((AdamW) Optimizers.forName("adamw", p, 0.1)).config().weightDecay()).isEqualTo(0.01);
        assertThat(Optimizers.forName("rmsprop", p, 0.1)).isInstanceOf(RmsProp.class);
        assertThat(Optimizers.forName("adagrad", p, 0.1).learningRate()).isEqualTo(0.1);
        assertThat(Optimizers.defaultLearningRate("adam")).isEqualTo(0.001);
        assertThat(Optimizers.defaultLearningRate("sgd")).isEqualTo(0.1);
    }

    private static void expect(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
