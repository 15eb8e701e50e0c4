package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitializersTest {
    private static final int FAN_OUT = 300;
    private static final int FAN_IN = 500;

    static Stream<Arguments> varianceScaling() {
        return Stream.of(
                Arguments.of("xavier_uniform", Initializers.xavierUniform(), 2.0 / (FAN_IN + FAN_OUT)),
                Arguments.of("xavier_normal", Initializers.xavierNormal(), 2.0 / (FAN_IN + FAN_OUT)),
                Arguments.of("he_uniform", Initializers.heUniform(), 2.0 / FAN_IN),
                Arguments.of("he_normal", Initializers.heNormal(), 2.0 / FAN_IN),
                Arguments.of("uniform(-0.5, 0.5)", Initializers.uniform(-0.5, 0.5), 1.0 / 12),
                Arguments.of("normal(0, 0.1)", Initializers.normal(0, 0.1), 0.01));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("varianceScaling")
    void varianceOfABigMatrixMatchesTheFormula(String name, Initializer init, double variance) {
        // Given a [300, 500] weight (150 000 draws: the sample variance is within ~0.4 % of the truth)
        Tensor w = Tensor.zeros(FAN_OUT, FAN_IN);

        // When
        init.initialize(w, FAN_IN, FAN_OUT, new Rng(12));

        // Then mean ≈ 0 and variance within 2 % of the formula
        double mean = w.sum() / w.size();
        double sq = 0;
        for (int i = 0; i < w.size(); i++) {
            sq += (w.get(i) - mean) * (w.get(i) - mean);
        }
        assertThat(mean).isBetween(-0.01 * Math.sqrt(variance) * 10, 0.01 * Math.sqrt(variance) * 10);
        assertThat(sq / w.size()).isCloseTo(variance, org.assertj.core.data.Percentage.withPercentage(2));
    }

    @Test
    void uniformInitialisersStayInsideTheirLimits() {
        // Given He uniform for fanIn 500: limit √(6/500) ≈ 0.1095
        Tensor w = Tensor.zeros(FAN_OUT, FAN_IN);

        // When
        Initializers.heUniform().initialize(w, FAN_IN, FAN_OUT, new Rng(2));

        // Then
        double limit = Math.sqrt(6.0 / FAN_IN);
        for (int i = 0; i < w.size(); i++) {
            assertThat(Math.abs(w.get(i))).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        // Given two tensors filled from equal seeds
        Tensor a = Tensor.zeros(20, 10);
        Tensor b = Tensor.zeros(20, 10);

        // When
        Initializers.xavierNormal().initialize(a, 10, 20, new Rng(99));
        Initializers.xavierNormal().initialize(b, 10, 20, new Rng(99));

        // Then
        assertThat(a).isEqualTo(b);
    }

    @Test
    void constantAndZeros() {
        // Given / When
        Tensor w = Tensor.zeros(2, 2);
        Initializers.constant(0.5).initialize(w, 2, 2, new Rng(1));

        // Then
        assertThat(w.toDoubleArray()).containsOnly(0.5);
        Initializers.zeros().initialize(w, 2, 2, new Rng(1));
        assertThat(w.toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void validationMessagesNameTheProblem() {
        // Given / When / Then
        assertThatThrownBy(() -> Initializers.uniform(1, 1)).hasMessageContaining("low < high")
                .hasMessageContaining("low 1.0").hasMessageContaining("high 1.0");
        assertThatThrownBy(() -> Initializers.normal(0, -1)).hasMessageContaining("std").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> Initializers.forName("orthogonal")).hasMessageContaining("'orthogonal'")
                .hasMessageContaining("he_normal");
    }

    @Test
    void forNameKnowsEveryInitialiser() {
        // Given every name and alias
        String[] names = {"zeros", "uniform", "normal", "xavier_uniform", "glorot_uniform", "xavier", "xavier_normal",
            "glorot_normal", "he_uniform", "kaiming_uniform", "he", "he_normal", "kaiming_normal"};

        // When / Then: each fills a tensor with finite values
        for (String n : names) {
            Tensor w = Tensor.zeros(4, 4);
            Initializers.forName(n).initialize(w, 4, 4, new Rng(1));
            for (int i = 0; i < w.size(); i++) {
                assertThat(Double.isFinite(w.get(i))).as(n).isTrue();
            }
        }
    }
}
