package org.backprop.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void classificationByHand() {
        // Given 4 rows, true classes a, a, b, b, predicted a (0.9), b (0.6), b (0.8), b (0.7)
        Tensor p = Tensor.matrix(DType.FLOAT64, new double[][] {{0.9, 0.1}, {0.4, 0.6}, {0.2, 0.8}, {0.3, 0.7}});

        // When the metrics are computed
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 0, 1, 1}, p, List.of("a", "b"));

        // Then: 3 of 4 right; class a: precision 1/1, recall 1/2, F1 2/3; class b: precision 2/3, recall 1, F1 0.8
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.confusion()).isDeepEqualTo(new int[][] {{1, 1}, {0, 2}});
        assertThat(m.precision()).containsExactly(1.0, 2.0 / 3);
        assertThat(m.recall()).containsExactly(0.5, 1.0);
        assertThat(m.f1()[0]).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(m.f1()[1]).isCloseTo(0.8, within(1e-15));
        // log-loss = −(ln 0.9 + ln 0.4 + ln 0.8 + ln 0.7)/4
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.7)) / 4, within(1e-12));
    }

    @Test
    void aConfidentMistakeCostsAboutThirtyFourNotInfinity() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0},
                Tensor.matrix(DType.FLOAT64, new double[][] {{0, 1}}), List.of("a", "b"));
        assertThat(m.logLoss()).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(m.precision()).containsExactly(0.0, 0.0);
    }

    @Test
    void regressionByHand() {
        // Given y = 1, 2, 3, 4 and predictions 1, 2, 3, 6 (one error of 2)
        Tensor y = Tensor.matrix(DType.FLOAT64, new double[][] {{1}, {2}, {3}, {4}});
        Tensor yhat = Tensor.matrix(DType.FLOAT64, new double[][] {{1}, {2}, {3}, {6}});

        // When the metrics are computed
        RegressionMetrics m = RegressionMetrics.of(yhat, y);

        // Then MSE = 4/4 = 1, RMSE 1, MAE 0.5, R² = 1 − 4/5 (SS_tot = 2.25+0.25+0.25+2.25)
        assertThat(m.mse()).isEqualTo(1.0);
        assertThat(m.rmse()).isEqualTo(1.0);
        assertThat(m.mae()).isEqualTo(0.5);
        assertThat(m.r2()).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void formatShowsTheConfusionMatrix() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1},
                Tensor.matrix(DType.FLOAT64, new double[][] {{0.9, 0.1}, {0.2, 0.8}}), List.of("cat", "dog"));
        assertThat(m.format()).isEqualTo(
                "accuracy 1.0000  log-loss 0.1643  macro-F1 1.0000  (2 rows)\n"
                + "class  precision  recall     f1  support\n"
                + "cat       1.0000  1.0000  1.0000        1\n"
                + "dog       1.0000  1.0000  1.0000        1\n"
                + "confusion matrix (rows: true class, columns: predicted)\n"
                + "      cat dog\n"
                + "cat     1   0\n"
                + "dog     0   1\n");
    }
}
