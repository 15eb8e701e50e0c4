package org.backprop.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The default scaling: one mean and standard deviation for features on one scale, per feature otherwise. */
class AutoScalingTest {

    @Test
    void globalScalingUsesOneMeanAndStandardDeviationForAllValues() {
        // Given the values 0, 2, 4, 6 in two columns: mean 3, population std √5
        Tensor x = Tensor.of(new float[] {0, 2, 4, 6}, 2, 2);
        FeatureScaler s = FeatureScaler.fit(Scaling.GLOBAL, x);
        assertThat(s.offset()).containsExactly(3, 3);
        assertThat(s.scale()[0]).isCloseTo(Math.sqrt(5), within(1e-12));
        assertThat(s.scale()[1]).isEqualTo(s.scale()[0]);
        assertThat(s.kind()).isEqualTo(Scaling.GLOBAL);
    }

    @Test
    void pixelsShareOneScaleAndATableOfUnitsDoesNot() {
        // Given 3 "pixels" that span 0..255 and one border pixel that is almost always 0
        Tensor pixels = Tensor.of(new float[] {0, 255, 10, 0, 255, 0, 200, 0, 30, 128, 255, 3}, 3, 4);
        // and a table of a length in metres and a weight in grams
        Tensor table = Tensor.of(new float[] {1.7f, 70_000, 1.8f, 82_000, 1.6f, 55_000}, 3, 2);

        assertThat(FeatureScaler.sharesOneScale(pixels)).isTrue();
        assertThat(FeatureScaler.sharesOneScale(table)).isFalse();
        // so auto picks global for the first and per-feature standardisation for the second
        assertThat(FeatureScaler.fit(Scaling.AUTO, pixels).kind()).isEqualTo(Scaling.GLOBAL);
        FeatureScaler t = FeatureScaler.fit(Scaling.AUTO, table);
        assertThat(t.kind()).isEqualTo(Scaling.STANDARD);
        assertThat(t.offset()[0]).isCloseTo(1.7, within(1e-6));
        assertThat(t.offset()[1]).isCloseTo(69_000, within(1e-6));
    }

    @Test
    void theBuiltInDataGetsTheScalingItsFeaturesCallFor() {
        // The 8x8 digits are pixels (0..16); Iris is four measurements of different spans
        assertThat(FeatureScaler.fit(Scaling.AUTO, BuiltinDataset.DIGITS.load(new Rng(1)).features()).kind())
                .isEqualTo(Scaling.GLOBAL);
        assertThat(FeatureScaler.fit(Scaling.AUTO, BuiltinDataset.IRIS.load(new Rng(1)).features()).kind())
                .isEqualTo(Scaling.STANDARD);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Scaling.class, names = {"NONE", "STANDARD", "MIN_MAX", "GLOBAL", "AUTO"})
    void statisticsGatheredElsewhereGiveTheScalerFitGives(Scaling kind) {
        // Given rows whose statistics are computed column by column (as partitions of a cluster would report them)
        for (Tensor x : new Tensor[] {
                Tensor.of(new float[] {0, 255, 10, 0, 255, 0, 200, 0, 30, 128, 255, 3}, 3, 4),
                Tensor.of(new float[] {1.7f, 70_000, 1.8f, 82_000, 1.6f, 55_000, 1.75f, 55_000}, 4, 2)}) {
            int n = x.shape().dim(0);
            int f = x.shape().cols();
            double[] mean = new double[f];
            double[] sd = new double[f];
            double[] min = new double[f];
            double[] max = new double[f];
            for (int j = 0; j < f; j++) {
                double sum = 0;
                min[j] = Double.POSITIVE_INFINITY;
                max[j] = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    sum += x.get(i * f + j);
                    min[j] = Math.min(min[j], x.get(i * f + j));
                    max[j] = Math.max(max[j], x.get(i * f + j));
                }
                mean[j] = sum / n;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    ss += (x.get(i * f + j) - mean[j]) * (x.get(i * f + j) - mean[j]);
                }
                sd[j] = Math.sqrt(ss / n);
            }
            // When the scaler is made from them, and fitted on the rows
            FeatureScaler fromStats = FeatureScaler.fromStatistics(kind, new FeatureScaler.Statistics(n, mean, sd, min, max));
            FeatureScaler fitted = FeatureScaler.fit(kind, x);
            // Then both are the same scaler
            assertThat(fromStats.kind()).isEqualTo(fitted.kind());
            for (int j = 0; j < f; j++) {
                assertThat(fromStats.offset()[j]).isCloseTo(fitted.offset()[j], within(1e-9 * (1 + Math.abs(fitted.offset()[j]))));
                assertThat(fromStats.scale()[j]).isCloseTo(fitted.scale()[j], within(1e-9 * fitted.scale()[j]));
            }
        }
    }

    @Test
    void namesReadBack() {
        for (Scaling s : Scaling.values()) {
            assertThat(Scaling.parse(s.label())).isEqualTo(s);
        }
    }
}
