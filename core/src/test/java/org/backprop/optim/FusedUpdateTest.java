package org.backprop.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimiser's fused float32 pass against a plain reference: the documented rule written
 * element by element in float32 arithmetic, in the order PyTorch applies it. The weights and every
 * state buffer must be bit-identical after 300 steps over 1003 elements — long enough that the
 * JIT compiles (and vectorises) the fused loop, so both the interpreted and the compiled pass are
 * held to the reference's bits.
 */
class FusedUpdateTest {
    private static final int SIZE = 1003;
    private static final int STEPS = 300;

    /** One reference step for element {@code i} at step {@code t} (from 1); {@code s} holds the state buffers. */
    interface Rule {
        void step(float[] w, float g, float[][] s, int i, long t);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sgd", (Function<List<Variable>, Optimizer>) p -> new Sgd(p, Sgd.Config.of(0.01)),
                        new String[0], (Rule) (w, g, s, i, t) -> w[i] -= 0.01f * g),
                Arguments.of("sgd+momentum+decay", (Function<List<Variable>, Optimizer>)
                                p -> new Sgd(p, Sgd.Config.of(0.01).withMomentum(0.9).withWeightDecay(0.05)),
                        new String[] {"momentum"}, (Rule) (w, g, s, i, t) -> {
                            float d = g + 0.05f * w[i];
                            s[0][i] = t == 1 ? d : 0.9f * s[0][i] + d;
                            w[i] -= 0.01f * s[0][i];
                        }),
                Arguments.of("nesterov", (Function<List<Variable>, Optimizer>) p -> new Sgd(p, Sgd.Config.of(0.01).withNesterov(0.8)),
                        new String[] {"momentum"}, (Rule) (w, g, s, i, t) -> {
                            s[0][i] = t == 1 ? g : 0.8f * s[0][i] + g;
                            w[i] -= 0.01f * (g + 0.8f * s[0][i]);
                        }),
                Arguments.of("adagrad+decay", (Function<List<Variable>, Optimizer>)
                                p -> new AdaGrad(p, new AdaGrad.Config(0.05, 1e-10, 0.01)),
                        new String[] {"sum"}, (Rule) (w, g, s, i, t) -> {
                            float d = g + 0.01f * w[i];
                            s[0][i] += d * d;
                            w[i] -= 0.05f * (d / ((float) Math.sqrt(s[0][i]) + 1e-10f));
                        }),
                Arguments.of("rmsprop", (Function<List<Variable>, Optimizer>) p -> new RmsProp(p, RmsProp.Config.of(0.01)),
                        new String[] {"square_avg"}, (Rule) (w, g, s, i, t) -> {
                            s[0][i] = 0.99f * s[0][i] + (float) (1 - 0.99) * (g * g);
                            w[i] -= 0.01f * (g / ((float) Math.sqrt(s[0][i]) + 1e-8f));
                        }),
                Arguments.of("rmsprop+momentum", (Function<List<Variable>, Optimizer>)
                                p -> new RmsProp(p, RmsProp.Config.of(0.01).withMomentum(0.5)),
                        new String[] {"square_avg", "momentum"}, (Rule) (w, g, s, i, t) -> {
                            s[0][i] = 0.99f * s[0][i] + (float) (1 - 0.99) * (g * g);
                            s[1][i] = 0.5f * s[1][i] + g / ((float) Math.sqrt(s[0][i]) + 1e-8f);
                            w[i] -= 0.01f * s[1][i];
                        }),
                Arguments.of("adam", (Function<List<Variable>, Optimizer>) p -> new Adam(p, Adam.Config.of(0.001)),
                        new String[] {"m", "v"}, adam(0, false)),
                Arguments.of("adam+decay", (Function<List<Variable>, Optimizer>)
                                p -> new Adam(p, Adam.Config.of(0.001).withWeightDecay(0.1)),
                        new String[] {"m", "v"}, adam(0.1, false)),
                Arguments.of("adamw", (Function<List<Variable>, Optimizer>)
                                p -> new AdamW(p, Adam.Config.of(0.001).withWeightDecay(0.1)),
                        new String[] {"m", "v"}, adam(0.1, true)));
    }

    private static Rule adam(double lambda, boolean decoupled) {
        return (w, g, s, i, t) -> {
            if (decoupled) {
                w[i] *= (float) (1 - 0.001 * lambda);
            } else {
                g += (float) lambda * w[i];
            }
            s[0][i] = 0.9f * s[0][i] + (float) (1 - 0.9) * g;
            s[1][i] = 0.999f * s[1][i] + (float) (1 - 0.999) * (g * g);
            float stepSize = (float) (0.001 / (1 - Math.pow(0.9, t)));
            float sqrtBias2 = (float) Math.sqrt(1 - Math.pow(0.999, t));
            w[i] -= stepSize * (s[0][i] / ((float) Math.sqrt(s[1][i]) / sqrtBias2 + 1e-8f));
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fusedFloatPassEqualsThePlainRuleBitForBit(String name, Function<List<Variable>, Optimizer> make,
                                                   String[] buffers, Rule rule) {
        // Given a float32 parameter and a fresh optimiser, and the same weights for the reference
        Rng rng = new Rng(11);
        Variable p = Variable.parameter(random(rng, SIZE));
        Optimizer optimizer = make.apply(List.of(p));
        float[] w = p.value().floatData().clone();
        float[][] state = new float[buffers.length][SIZE];
        // When both take the same steps with the same random gradients
        for (long t = 1; t <= STEPS; t++) {
            Tensor g = random(rng, SIZE);
            p.setGrad(g);
            optimizer.step();
            float[] gd = g.floatData();
            for (int i = 0; i < SIZE; i++) {
                rule.step(w, gd[i], state, i, t);
            }
        }
        // Then the weights and every state buffer have the same bits
        assertThat(p.value().floatData()).as("weights").containsExactly(w);
        for (int b = 0; b < buffers.length; b++) {
            assertThat(optimizer.stateDict().get(buffers[b] + ".0").floatData()).as(buffers[b]).containsExactly(state[b]);
        }
    }

    private static Tensor random(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.wrap(x, Shape.of(size));
    }
}
