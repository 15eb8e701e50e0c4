package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InputFeaturesTest {

    @Test
    void eachFeatureHasItsFormulaAtAPointOfThePlot() {
        // the point (3, −1.5) of the plot: u = (0.5, −0.25) as the network sees the coordinates
        assertThat(InputFeature.X1.value(3, -1.5)).isEqualTo(0.5);
        assertThat(InputFeature.X2.value(3, -1.5)).isEqualTo(-0.25);
        assertThat(InputFeature.X1_SQUARED.value(3, -1.5)).isEqualTo(0.25);
        assertThat(InputFeature.X2_SQUARED.value(3, -1.5)).isEqualTo(0.0625);
        assertThat(InputFeature.X1_TIMES_X2.value(3, -1.5)).isEqualTo(-0.125);
        assertThat(InputFeature.SIN_X1.value(3, -1.5)).isCloseTo(0.1411200080598672, within(1e-15));   // sin 3
        assertThat(InputFeature.SIN_X2.value(3, -1.5)).isCloseTo(-0.9974949866040544, within(1e-15));  // sin(−1.5)
        // and at the plot's corner every feature is within [−1, 1]
        for (InputFeature f : InputFeature.values()) {
            assertThat(Math.abs(f.value(-6, 6))).as(f.id()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void rowsHoldTheSelectedFeaturesInTheEnumsOrder() {
        // Given x₂² and x₁² chosen in that order
        InputFeatures f = InputFeatures.parse(List.of("x2sq", "x1sq"));
        // Then they are kept as x₁², x₂² and each point's row is (u₁², u₂²)
        assertThat(f.selected()).containsExactly(InputFeature.X1_SQUARED, InputFeature.X2_SQUARED);
        assertThat(f.ids()).containsExactly("x1sq", "x2sq");
        assertThat(f.labels()).containsExactly("x₁²", "x₂²");
        Tensor rows = f.rows(Tensor.of(DType.FLOAT32, new double[] {3, -1.5, -6, 1.2}, 2, 2));
        assertThat(rows.shape().dim(0)).isEqualTo(2);
        assertThat(rows.shape().cols()).isEqualTo(2);
        assertThat(rows.toDoubleArray()).containsExactly(new double[] {0.25, 0.0625, 1, 0.04}, within(1e-7));
        assertThat(rows.dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void badSelectionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> InputFeatures.parse(List.of("x3")))
                .hasMessage("features: unknown 'x3'; expected x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2");
        assertThatThrownBy(() -> InputFeatures.parse(List.of("x1", "x1"))).hasMessage("features: 'x1' is given twice");
        assertThatThrownBy(() -> InputFeatures.parse(List.of())).hasMessageStartingWith("features: choose at least one");
        assertThatThrownBy(() -> InputFeatures.DEFAULT.rows(Tensor.zeros(3, 3)))
                .hasMessage("features: expected points [N, 2], got [3, 3]");
    }

    @Test
    void theConfigCarriesTheFeaturesAndTheProblemType() {
        // Given a request naming features and the regression problem without a dataset
        PlaygroundConfig c = PlaygroundConfig.fromMap(Map.of("features", List.of("sinx1", "x1"), "problem", "regression"));
        // Then the features are read, and the problem picks its first dataset
        assertThat(c.features().selected()).containsExactly(InputFeature.X1, InputFeature.SIN_X1);
        assertThat(c.dataset()).isEqualTo(Dataset2D.PLANE);
        assertThat(c.toMap()).containsEntry("problem", "regression").containsEntry("features", List.of("x1", "sinx1"));
        // a dataset of the problem's kind is kept; one of the other kind gives way to the problem
        assertThat(PlaygroundConfig.fromMap(Map.of("problem", "regression", "dataset", "multi_gaussian")).dataset())
                .isEqualTo(Dataset2D.MULTI_GAUSSIAN);
        assertThat(PlaygroundConfig.fromMap(Map.of("problem", "classification", "dataset", "plane")).dataset())
                .isEqualTo(Dataset2D.CIRCLE);
        // and the map reads back to the same config
        assertThat(PlaygroundConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThatThrownBy(() -> PlaygroundConfig.fromMap(Map.of("problem", "ranking")))
                .hasMessage("problem: expected classification or regression, got 'ranking'");
        assertThatThrownBy(() -> PlaygroundConfig.fromMap(Map.of("features", "x1")))
                .hasMessageStartingWith("features: expected an array");
    }
}
