package org.backprop.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop.autograd.GradientAssert.assertGradientsMatch;
import static org.backprop.autograd.GradientAssert.randomParameter;
import static org.backprop.autograd.GradientAssert.randomTensor;
import static org.backprop.autograd.GradientAssert.vars;
import static org.backprop.autograd.GradientAssert.weightedSum;

import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.backprop.autograd.Reduction;
import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Trans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference gradient checks (float64) for every graph operation other than the elementwise maps. */
class OpGradientTest {

    static Stream<Arguments> binaryOpsAndShapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        String[] ops = {"add", "sub", "mul", "div"};
        int[][][] shapes = {
            {{3, 4}, {3, 4}},   // same shape
            {{3, 4}, {4}},      // a bias row added to every row
            {{3, 4}, {}},       // a scalar
            {{4}, {3, 4}},      // broadcasting on the left operand
            {{3, 1}, {1, 4}},   // both operands stretched: an outer sum/product
        };
        for (String op : ops) {
            for (int[][] s : shapes) {
                b.add(Arguments.of(op, s[0], s[1]));
            }
        }
        return b.build();
    }

    private static BinaryOperator<Variable> op(String name) {
        switch (name) {
            case "add": return Variable::add;
            case "sub": return Variable::sub;
            case "mul": return Variable::mul;
            case "div": return Variable::div;
            default: throw new IllegalArgumentException(name);
        }
    }

    @ParameterizedTest(name = "{0}: {1} with {2}")
    @MethodSource("binaryOpsAndShapes")
    void binaryOpGradientsMatchFiniteDifferencesIncludingBroadcasting(String name, int[] shapeA, int[] shapeB) {
        // Given two float64 operands (the divisor kept away from 0) and a random upstream weighting
        Rng rng = new Rng(11);
        Variable a = randomParameter(rng, -2, 2, shapeA);
        Variable b = name.equals("div") ? randomParameter(rng, 0.5, 2, shapeB) : randomParameter(rng, -2, 2, shapeB);
        Tensor w = randomTensor(rng, -1, 1, op(name).apply(a, b).shape().dims());

        // When / Then: ∂L/∂a and ∂L/∂b (summed over broadcast dimensions) match central differences
        assertGradientsMatch(vars("a", a, "b", b), () -> weightedSum(op(name).apply(a, b), w));
        assertThat(a.grad().shape()).isEqualTo(a.shape());
        assertThat(b.grad().shape()).isEqualTo(b.shape());
    }

    static Stream<Arguments> transCombos() {
        return Stream.of(Arguments.of(Trans.N, Trans.N), Arguments.of(Trans.N, Trans.T),
                Arguments.of(Trans.T, Trans.N), Arguments.of(Trans.T, Trans.T));
    }

    @ParameterizedTest(name = "op(A) = {0}, op(B) = {1}")
    @MethodSource("transCombos")
    void matmulGradientsMatchFiniteDifferencesForEveryTransposition(Trans ta, Trans tb) {
        // Given op(A) [2, 3] and op(B) [3, 4], stored transposed where asked
        Rng rng = new Rng(5);
        Variable a = ta == Trans.N ? randomParameter(rng, -1, 1, 2, 3) : randomParameter(rng, -1, 1, 3, 2);
        Variable b = tb == Trans.N ? randomParameter(rng, -1, 1, 3, 4) : randomParameter(rng, -1, 1, 4, 3);
        Tensor w = randomTensor(rng, -1, 1, 2, 4);

        // When / Then
        assertGradientsMatch(vars("A", a, "B", b), () -> weightedSum(a.matmul(ta, b, tb), w));
        assertThat(a.grad().shape()).isEqualTo(a.shape());
        assertThat(b.grad().shape()).isEqualTo(b.shape());
    }

    @Test
    void sumAndMeanGradientsMatchFiniteDifferences() {
        // Given a [3, 4] parameter
        Variable x = randomParameter(new Rng(3), -1, 1, 3, 4);

        // When / Then: Σx has gradient 1, mean has 1/12; squared afterwards so the upstream gradient is not 1
        assertGradientsMatch(vars("x", x), () -> x.sum().map(new Square()));
        assertGradientsMatch(vars("x", x), () -> x.mean().map(new Square()));
        assertThat(x.grad().get(0)).isCloseTo(2 * x.value().sum() / 12 / 12, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void softmaxAndLogSoftmaxGradientsMatchFiniteDifferences() {
        // Given logits with a large spread (the stable forms must still differentiate correctly)
        Rng rng = new Rng(8);
        Variable z = randomParameter(rng, -3, 3, 3, 5);
        z.value().set(0, 40);
        Tensor w = randomTensor(rng, -1, 1, 3, 5);

        // When / Then
        assertGradientsMatch(vars("z", z), () -> weightedSum(new Softmax().apply(z), w));
        assertGradientsMatch(vars("z", z), () -> weightedSum(new LogSoftmax().apply(z), w));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void softmaxCrossEntropyGradientMatchesWithIndexAndOneHotAndSoftTargets(Reduction reduction) {
        // Given logits [4, 3] and the same classes as indices and as one-hot rows, plus soft targets
        Rng rng = new Rng(21);
        Variable z = randomParameter(rng, -2, 2, 4, 3);
        Tensor indices = Tensor.vector(DType.FLOAT64, 2, 0, 1, 2);
        Tensor oneHot = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        Tensor soft = Tensor.matrix(DType.FLOAT64, new double[][] {{.2, .3, .5}, {.6, .3, .1}, {0, 1, 0}, {.5, 0, .5}});

        // When / Then: every target form passes the check
        assertGradientsMatch(vars("z", z), () -> new SoftmaxCrossEntropy(indices, reduction).apply(z));
        Tensor fromIndices = z.grad().copy();
        assertGradientsMatch(vars("z", z), () -> new SoftmaxCrossEntropy(oneHot, reduction).apply(z));
        assertThat(z.grad().allClose(fromIndices, 0)).as("indices and one-hot give the same gradient").isTrue();
        assertGradientsMatch(vars("z", z), () -> new SoftmaxCrossEntropy(soft, reduction).apply(z));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void binaryCrossEntropyGradientsMatchFiniteDifferences(Reduction reduction) {
        // Given probabilities inside (0, 1), logits of both signs, and targets including soft ones
        Rng rng = new Rng(4);
        Variable p = randomParameter(rng, 0.05, 0.95, 3, 2);
        Variable z = randomParameter(rng, -4, 4, 3, 2);
        Tensor y = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 1}, {1, 0}, {0.3, 0.8}});

        // When / Then
        assertGradientsMatch(vars("p", p), () -> new BinaryCrossEntropy(y, reduction).apply(p));
        assertGradientsMatch(vars("z", z), () -> new BinaryCrossEntropyWithLogits(y, reduction).apply(z));
    }

    @Test
    void binaryCrossEntropyFromLogitsEqualsBinaryCrossEntropyOfTheSigmoid() {
        // Given logits and the sigmoid of them
        Rng rng = new Rng(9);
        Tensor z = randomTensor(rng, -5, 5, 2, 3);
        Tensor y = randomTensor(rng, 0, 1, 2, 3);
        Tensor p = z.map(new Sigmoid()::value);

        // When both losses are computed
        double fused = new BinaryCrossEntropyWithLogits(y, Reduction.MEAN).apply(Variable.constant(z)).value().item();
        double plain = new BinaryCrossEntropy(y, Reduction.MEAN).apply(Variable.constant(p)).value().item();

        // Then they agree
        assertThat(fused).isCloseTo(plain, org.assertj.core.data.Offset.offset(1e-12));
    }
}
