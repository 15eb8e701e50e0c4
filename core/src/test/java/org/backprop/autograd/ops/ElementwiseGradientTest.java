package org.backprop.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop.autograd.GradientAssert.assertGradientsMatch;
import static org.backprop.autograd.GradientAssert.randomTensor;
import static org.backprop.autograd.GradientAssert.vars;
import static org.backprop.autograd.GradientAssert.weightedSum;

import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link ElementwiseFunction}: its derivative checked against central differences in float64,
 * at ordinary points, in the saturated tails and just beside each kink (never on one: a kink has no
 * derivative for the difference quotient to approximate).
 */
class ElementwiseGradientTest {

    /** Points common to all functions on the whole real line: both signs, near 0 but not at it, tails. */
    private static final double[] GENERAL = {-6, -2.5, -1, -0.3, -0.01, 0.01, 0.2, 0.9, 1.7, 3, 7, 12};

    static Stream<Arguments> functions() {
        double[] huberPoints = {-3, -1.01, -0.99, -0.5, -0.01, 0.01, 0.4, 0.99, 1.01, 2, 5, -8};
        double[] huberHalf = {-3, -0.51, -0.49, -0.2, -0.01, 0.01, 0.3, 0.49, 0.51, 2, 5, -8};
        double[] positive = {0.05, 0.1, 0.3, 0.5, 0.9, 1, 1.5, 2, 3.3, 5, 8, 20};
        double[] softplusPoints = {-30, -25, -6, -1, -0.01, 0.01, 1, 5, 19, 19.9, 25, 40};
        return Stream.of(
                Arguments.of(new Identity(), GENERAL),
                Arguments.of(new Sigmoid(), GENERAL),
                Arguments.of(new Tanh(), GENERAL),
                Arguments.of(new Relu(), GENERAL),
                Arguments.of(new LeakyRelu(0.01), GENERAL),
                Arguments.of(new LeakyRelu(0.2), GENERAL),
                Arguments.of(new Elu(1.0), GENERAL),
                Arguments.of(new Elu(0.5), GENERAL),
                Arguments.of(new Gelu(), GENERAL),
                Arguments.of(new Softplus(), softplusPoints),
                Arguments.of(new Square(), GENERAL),
                Arguments.of(new Abs(), GENERAL),
                Arguments.of(new Exp(), new double[] {-6, -2.5, -1, -0.3, -0.01, 0.01, 0.2, 0.9, 1.7, 3, 5, 7}),
                Arguments.of(new Log(), positive),
                Arguments.of(new Huber(1.0), huberPoints),
                Arguments.of(new Huber(0.5), huberHalf));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void derivativeMatchesCentralDifferencesAtEveryPoint(ElementwiseFunction fn, double[] points) {
        for (double point : points) {
            // Given one point as a float64 parameter (one per check: the rounding noise of the difference
            // quotient scales with the loss, so a large f elsewhere must not drown a small derivative here)
            Variable z = Variable.parameter(Tensor.vector(DType.FLOAT64, point));
            Tensor w = Tensor.vector(DType.FLOAT64, 0.7);

            // When / Then: 0.7·f(z) differentiates correctly
            assertGradientsMatch(vars(fn.name() + "(" + point + ")", z), () -> weightedSum(z.map(fn), w));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void elementwiseOpAppliesTheDerivativeToEachElementOfABatch(ElementwiseFunction fn, double[] points) {
        // Given the points as a [3, 4] float64 parameter and a random upstream gradient
        Variable z = Variable.parameter(Tensor.of(DType.FLOAT64, points, 3, 4));
        Tensor w = randomTensor(new Rng(17), 0.5, 1.5, 3, 4);

        // When the graph's backward pass runs
        weightedSum(z.map(fn), w).backward();

        // Then each element's gradient is its upstream weight times f'(z) at that element
        for (int i = 0; i < points.length; i++) {
            double expected = w.get(i) * fn.derivative(points[i], fn.value(points[i]));
            assertThat(z.grad().get(i)).as("element %d", i).isEqualTo(expected);
        }
    }

    @Test
    void kinksUseThePyTorchConventions() {
        // Given the functions with a kink at 0 (or at ±δ)
        // When their derivative is asked exactly at the kink
        // Then the documented one-sided value comes back
        assertThat(new Relu().derivative(0, 0)).isEqualTo(0);
        assertThat(new LeakyRelu(0.1).derivative(0, 0)).isEqualTo(0.1);
        assertThat(new Elu(0.5).derivative(0, 0)).isEqualTo(0.5);
        assertThat(new Abs().derivative(0, 0)).isEqualTo(0);
        assertThat(new Huber(1).derivative(1, 0.5)).isEqualTo(1);
        assertThat(new Huber(1).derivative(-1, 0.5)).isEqualTo(-1);
    }

    @Test
    void activationsAreStableAtExtremeInputs() {
        // Given very large inputs
        // When / Then: no NaN or infinity where the mathematics is finite
        assertThat(new Sigmoid().value(-1000)).isEqualTo(0.0);
        assertThat(new Sigmoid().value(1000)).isEqualTo(1.0);
        assertThat(new Softplus().value(1000)).isEqualTo(1000.0);
        assertThat(new Softplus().value(-1000)).isEqualTo(0.0);
        assertThat(new Elu(1).value(-1000)).isEqualTo(-1.0);
        assertThat(new Gelu().value(-40)).isEqualTo(-0.0);
        assertThat(new Gelu().value(40)).isEqualTo(40.0);
    }

    @Test
    void geluMatchesTheErfValuesFromATable() {
        // Given Φ(1) = 0.8413447460685429 and erf(0.5) = 0.5204998778130465 (Abramowitz–Stegun tables)
        // When / Then
        assertThat(Gelu.erf(0.5)).isCloseTo(0.5204998778130465, Offset.offset(1e-15));
        assertThat(Gelu.erf(-0.5)).isCloseTo(-0.5204998778130465, Offset.offset(1e-15));
        assertThat(new Gelu().value(1)).isCloseTo(0.8413447460685429, Offset.offset(1e-15));
        assertThat(new Gelu().value(-1)).isCloseTo(-0.15865525393145707, Offset.offset(1e-15));
    }

    @Test
    void geluKeepsFullRelativePrecisionInTheNegativeTail() {
        // Given erfc(3), erfc(6) and gelu(−6) = −6·½·erfc(6/√2) from a reference implementation (Python's math.erfc)
        // When / Then: relative error near 1e-15, not the 1e-7 that ½(1 + erf) would leave after cancellation
        assertThat(Gelu.erfc(3)).isCloseTo(2.2090496998585438e-05, org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(Gelu.erfc(6)).isCloseTo(2.1519736712498916e-17, org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(new Gelu().value(-6)).isCloseTo(-5.919525870226207e-09, org.assertj.core.data.Percentage.withPercentage(1e-12));
    }

    @Test
    void constructorsRejectBadParameters() {
        // Given bad shape parameters
        // When / Then: the message names the function, the parameter and the value
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LeakyRelu(-0.1))
                .hasMessageContaining("LeakyRelu").hasMessageContaining("slope").hasMessageContaining("-0.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Elu(0))
                .hasMessageContaining("Elu").hasMessageContaining("alpha").hasMessageContaining("0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Huber(Double.NaN))
                .hasMessageContaining("Huber").hasMessageContaining("delta").hasMessageContaining("NaN");
    }
}
