package org.backprop.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.backprop.autograd.GradientAssert.assertGradientsMatch;
import static org.backprop.autograd.GradientAssert.randomParameter;
import static org.backprop.autograd.GradientAssert.randomTensor;
import static org.backprop.autograd.GradientAssert.vars;

import java.util.stream.Stream;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.Sigmoid;
import org.backprop.autograd.ops.Softmax;
import org.backprop.nn.Activation;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss in {@link Losses}: gradient checks in float64, hand-computed values, and errors. */
class LossGradientTest {

    private static final Tensor REGRESSION_TARGET = Tensor.matrix(DType.FLOAT64,
            new double[][] {{0.5, -1.0, 2.0}, {0.0, 0.3, -0.7}});
    private static final Tensor BINARY_TARGET = Tensor.matrix(DType.FLOAT64,
            new double[][] {{1, 0, 1}, {0, 0.25, 1}});
    private static final Tensor CLASS_INDICES = Tensor.vector(DType.FLOAT64, 2, 0);
    private static final Tensor ONE_HOT = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 0, 1}, {1, 0, 0}});

    static Stream<Arguments> lossesOnTheirOwnInputs() {
        return Stream.of(
                Arguments.of("mse", Losses.mse(), -2.0, 2.0, REGRESSION_TARGET),
                Arguments.of("sse", Losses.sse(), -2.0, 2.0, REGRESSION_TARGET),
                Arguments.of("half-squared", Losses.halfSquared(), -2.0, 2.0, REGRESSION_TARGET),
                Arguments.of("mae", Losses.mae(), -2.0, 2.0, REGRESSION_TARGET),
                Arguments.of("huber(1)", Losses.huber(1.0), -3.0, 3.0, REGRESSION_TARGET),
                Arguments.of("huber(0.3)", Losses.huber(0.3), -3.0, 3.0, REGRESSION_TARGET),
                Arguments.of("bce", Losses.binaryCrossEntropy(), 0.05, 0.95, BINARY_TARGET),
                Arguments.of("bce-logits", Losses.binaryCrossEntropyWithLogits(), -4.0, 4.0, BINARY_TARGET),
                Arguments.of("softmax-ce indices", Losses.softmaxCrossEntropy(), -3.0, 3.0, CLASS_INDICES),
                Arguments.of("softmax-ce one-hot", Losses.softmaxCrossEntropy(), -3.0, 3.0, ONE_HOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossesOnTheirOwnInputs")
    void gradientWithRespectToThePredictionMatchesFiniteDifferences(String name, Loss loss, double lo, double hi,
                                                                   Tensor target) {
        // Given a [2, 3] float64 prediction in the loss's domain (kinks of mae/huber are almost surely missed)
        Variable prediction = randomParameter(new Rng(name.hashCode()), lo, hi, 2, 3);

        // When / Then
        assertGradientsMatch(vars("prediction", prediction), () -> loss.compute(prediction, target));
    }

    @Test
    void bceOnASigmoidOutputFusesWithTheLogitsAndStillDifferentiatesCorrectly() {
        // Given logits passed through a sigmoid node
        Variable z = randomParameter(new Rng(1), -4, 4, 2, 3);

        // When / Then: the fused path is checked end to end back to the logits
        assertGradientsMatch(vars("z", z), () -> Losses.binaryCrossEntropy().compute(z.map(new Sigmoid()), BINARY_TARGET));
        // and its value equals the plain formula on the probabilities
        Tensor p = z.value().map(new Sigmoid()::value);
        double plain = Losses.binaryCrossEntropy().compute(Variable.constant(p), BINARY_TARGET).value().item();
        double fused = Losses.binaryCrossEntropy().compute(z.map(new Sigmoid()), BINARY_TARGET).value().item();
        assertThat(fused).isCloseTo(plain, within(1e-12));
    }

    @Test
    void bceOnASaturatedSigmoidStaysFinite() {
        // Given a logit of 200 whose sigmoid rounds to exactly 1, and target 0
        Variable z = Variable.parameter(Tensor.vector(DType.FLOAT64, 200));
        Tensor y = Tensor.vector(DType.FLOAT64, 0);

        // When bce is computed as the engines do after a sigmoid layer: on the logits, by type
        Loss onLogits = Losses.binaryCrossEntropy().onPreActivation(Activation.sigmoid()).orElseThrow();
        Variable l = onLogits.compute(z, y);
        l.backward();

        // Then the fused form gives the exact loss 200 and gradient σ(200) − 0 = 1
        assertThat(onLogits.name()).isEqualTo("bce-logits");
        assertThat(l.value().item()).isCloseTo(200, within(1e-9));
        assertThat(z.grad().item()).isEqualTo(1.0);
        // and on the probability itself (no look back into the graph) it stays finite: log clamped at −100
        assertThat(Losses.binaryCrossEntropy().compute(z.map(new Sigmoid()), y).value().item()).isEqualTo(100.0);
    }

    @Test
    void crossEntropyOnASoftmaxOutputFusesWithTheLogits() {
        // Given logits through a softmax layer
        Variable z = randomParameter(new Rng(2), -3, 3, 2, 3);

        // When / Then: checked back to the logits, with indices and one-hot targets
        assertGradientsMatch(vars("z", z), () -> Losses.crossEntropy().compute(new Softmax().apply(z), CLASS_INDICES));
        assertGradientsMatch(vars("z", z), () -> Losses.crossEntropy().compute(new Softmax().apply(z), ONE_HOT));
        // and the gradient is (softmax(z) − onehot(y)) / B
        Tensor p = Softmax.softmaxRows(z.value());
        assertThat(z.grad().get(0, 2)).isCloseTo((p.get(0, 2) - 1) / 2, within(1e-15));
        assertThat(z.grad().get(1, 1)).isCloseTo(p.get(1, 1) / 2, within(1e-15));
    }

    @Test
    void crossEntropyOnProbabilitiesMatchesFiniteDifferences() {
        // Given probabilities away from 0 (the op takes what the network gives, any values in [0, 1])
        Variable p = randomParameter(new Rng(5), 0.05, 0.95, 2, 3);

        // When / Then: ∂ℓ/∂p = −y/(p·B), against central differences in float64
        assertGradientsMatch(vars("p", p), () -> Losses.crossEntropy().compute(p, CLASS_INDICES));
        assertGradientsMatch(vars("p", p), () -> Losses.crossEntropy().compute(p, ONE_HOT));
    }

    @Test
    void crossEntropyUnderNoGradComputesTheSameValueFromTheProbabilities() {
        // Given logits and their softmax computed without a graph (as in evaluation)
        Variable z = randomParameter(new Rng(4), -3, 3, 2, 3);
        double fused = Losses.crossEntropy().compute(new Softmax().apply(z), CLASS_INDICES).value().item();

        // When the loss is computed inside a no-grad scope, where no softmax node exists
        double evaluated;
        try (org.backprop.autograd.NoGrad scope = org.backprop.autograd.NoGrad.enter()) {
            evaluated = Losses.crossEntropy().compute(new Softmax().apply(z), CLASS_INDICES).value().item();
        }

        // Then the value is the same
        assertThat(evaluated).isCloseTo(fused, within(1e-12));
    }

    @Test
    void crossEntropyRefusesAPredictionThatIsNotProbabilities() {
        // Given raw logits, one above 1
        Variable z = Variable.parameter(Tensor.zeros(2, 3));
        z.value().set(4, 2.5);

        // When / Then
        assertThatThrownBy(() -> Losses.crossEntropy().compute(z, CLASS_INDICES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1, class 1")
                .hasMessageContaining("softmax-cross-entropy");
    }

    @Test
    void valuesMatchHandComputedNumbers() {
        // Given ŷ = [1, 2, 4], y = [0, 2, 1]: differences d = [1, 0, 3]
        Variable yHat = Variable.constant(Tensor.vector(DType.FLOAT64, 1, 2, 4));
        Tensor y = Tensor.vector(DType.FLOAT64, 0, 2, 1);

        // When / Then
        assertThat(Losses.mse().compute(yHat, y).value().item()).isCloseTo((1 + 0 + 9) / 3.0, within(1e-15));
        assertThat(Losses.sse().compute(yHat, y).value().item()).isEqualTo(10.0);
        assertThat(Losses.halfSquared().compute(yHat, y).value().item()).isCloseTo(10 / 6.0, within(1e-15));
        assertThat(Losses.mae().compute(yHat, y).value().item()).isCloseTo(4 / 3.0, within(1e-15));
        // Huber δ = 1: ½·1² = 0.5 (|d| = 1 is still quadratic), 0, 1·(3 − 0.5) = 2.5; mean 1
        assertThat(Losses.huber(1).compute(yHat, y).value().item()).isCloseTo(1.0, within(1e-15));
        // BCE with p = 0.8, y = 1: −log 0.8 = 0.2231435513142097
        assertThat(Losses.binaryCrossEntropy().compute(Variable.constant(Tensor.vector(DType.FLOAT64, 0.8)),
                Tensor.vector(DType.FLOAT64, 1)).value().item()).isCloseTo(0.2231435513142097, within(1e-15));
        // softmax CE of logits [0, 0] with class 1: log 2
        assertThat(Losses.softmaxCrossEntropy().compute(Variable.constant(Tensor.matrix(DType.FLOAT64,
                new double[][] {{0, 0}})), Tensor.vector(DType.FLOAT64, 1)).value().item()).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void lossesNameBothShapesWhenPredictionAndTargetDisagree() {
        // Given a [2, 3] prediction and a [3, 2] target
        Variable p = Variable.constant(Tensor.zeros(2, 3));
        Tensor t = Tensor.zeros(3, 2);

        // When / Then
        for (Loss loss : new Loss[] {Losses.mse(), Losses.mae(), Losses.huber(1), Losses.binaryCrossEntropy(),
            Losses.binaryCrossEntropyWithLogits(), Losses.softmaxCrossEntropy()}) {
            assertThatThrownBy(() -> loss.compute(p, t)).as(loss.name())
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
        }
    }

    @Test
    void classTargetsOutOfRangeNameTheRow() {
        // Given 3 classes and a target of 3 in row 1
        Variable z = Variable.constant(Tensor.zeros(2, 3));

        // When / Then
        assertThatThrownBy(() -> Losses.softmaxCrossEntropy().compute(z, Tensor.vector(DType.FLOAT32, 0, 3)))
                .hasMessageContaining("row 1").hasMessageContaining("3.0").hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> Losses.softmaxCrossEntropy().compute(z, Tensor.vector(DType.FLOAT32, 0, 1, 2)))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("3 class indices").hasMessageContaining("2 rows");
        assertThatThrownBy(() -> Losses.softmaxCrossEntropy().compute(z, Tensor.vector(DType.FLOAT32, 0, 1.5)))
                .hasMessageContaining("row 1").hasMessageContaining("1.5");
    }

    @Test
    void bceRefusesProbabilitiesOutsideTheUnitInterval() {
        // Given a probability of 1.5
        Variable p = Variable.constant(Tensor.vector(DType.FLOAT64, 0.5, 1.5));

        // When / Then
        assertThatThrownBy(() -> Losses.binaryCrossEntropy().compute(p, Tensor.vector(DType.FLOAT64, 0, 1)))
                .hasMessageContaining("index 1").hasMessageContaining("1.5").hasMessageContaining("logits");
    }

    @Test
    void forNameKnowsEveryLossAndListsThemWhenTheNameIsUnknown() {
        // Given every documented name and alias
        String[][] names = {{"mse", "mse"}, {"sse", "sse"}, {"half-squared", "half-squared"}, {"half_mse", "half-squared"},
            {"mae", "mae"}, {"L1", "mae"}, {"huber", "huber"}, {"bce", "bce"}, {"bce-logits", "bce-logits"},
            {"bce_with_logits", "bce-logits"}, {"cross-entropy", "cross-entropy"}, {"ce", "cross-entropy"},
            {"softmax-cross-entropy", "softmax-cross-entropy"}};

        // When / Then
        for (String[] n : names) {
            assertThat(Losses.forName(n[0]).name()).as(n[0]).isEqualTo(n[1]);
            assertThat(Losses.forName(n[0]).formula()).isNotBlank();
        }
        assertThatThrownBy(() -> Losses.forName("hinge")).hasMessageContaining("'hinge'").hasMessageContaining("mse")
                .hasMessageContaining("softmax-cross-entropy");
    }

    @Test
    void randomTargetsForCoverage() {
        // Given soft regression targets drawn at random and a huber loss, value equals the definition
        Rng rng = new Rng(3);
        Tensor yHat = randomTensor(rng, -3, 3, 4, 2);
        Tensor y = randomTensor(rng, -3, 3, 4, 2);

        // When
        double loss = Losses.huber(0.5).compute(Variable.constant(yHat), y).value().item();

        // Then
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            double d = Math.abs(yHat.get(i) - y.get(i));
            expected += d <= 0.5 ? 0.5 * d * d : 0.5 * (d - 0.25);
        }
        assertThat(loss).isCloseTo(expected / 8, within(1e-14));
    }
}
