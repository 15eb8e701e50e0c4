package org.backprop.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DataTest {

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsSeeded() {
        // Given Iris, 50 rows of each of 3 classes
        Dataset iris = BuiltinDataset.IRIS.load(new Rng(1));

        // When it is split 10% validation / 20% test with seed 7, twice
        DataSplit a = Splits.split(iris, 0.1, 0.2, new Rng(7));
        DataSplit b = Splits.split(iris, 0.1, 0.2, new Rng(7));

        // Then every split has the same share of each class: 10 test and 5 validation rows per class
        assertThat(a.test().classCounts()).containsExactly(10, 10, 10);
        assertThat(a.validation().classCounts()).containsExactly(5, 5, 5);
        assertThat(a.train().classCounts()).containsExactly(35, 35, 35);
        // and the same seed gives the same rows
        assertThat(a.test().features()).isEqualTo(b.test().features());
    }

    @Test
    void splitsAreDisjointAndCoverEveryRow() {
        Dataset sine = BuiltinDataset.SINE.load(new Rng(3));
        DataSplit s = Splits.split(sine, 0.25, 0.25, new Rng(5));
        Set<Float> xs = new HashSet<>();
        for (Dataset d : List.of(s.train(), s.validation(), s.test())) {
            for (float v : d.features().floatData()) {
                xs.add(v);
            }
        }
        assertThat(s.train().size() + s.validation().size() + s.test().size()).isEqualTo(1000);
        assertThat(xs).hasSize(1000);
    }

    @Test
    void badFractionsAreRejected() {
        Dataset xor = BuiltinDataset.XOR.load(new Rng(1));
        assertThatThrownBy(() -> Splits.split(xor, 0.5, 0.5, new Rng(1)))
                .hasMessageContaining("their sum must be below 1");
    }

    @Test
    void miniBatchesVisitEveryRowOnceWithASmallerLastBatch() {
        // Given 10 rows whose only feature is the row number
        float[] x = new float[10];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i;
            y[i] = i % 2;
        }
        Dataset d = Dataset.classification("ten", Tensor.wrap(x, Shape.of(10, 1)), y, List.of("i"), "c", List.of("a", "b"));

        // When it is cut into shuffled batches of 4
        List<Integer> sizes = new ArrayList<>();
        List<Float> seen = new ArrayList<>();
        for (Batch b : new MiniBatches(d, 4, new Rng(9))) {
            sizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
                seen.add(b.inputs().floatData()[i]);
                // targets travel with their rows
                assertThat(b.targets().get(i)).isEqualTo(((int) b.inputs().get(i, 0)) % 2);
            }
        }

        // Then there are batches of 4, 4, 2 covering each row once, in a shuffled order
        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(new HashSet<>(seen)).hasSize(10);
        assertThat(seen).isNotEqualTo(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f));
    }

    @Test
    void standardScalerHandComputed() {
        // Given a feature with values 1, 2, 3 (mean 2, population std √(2/3)) and a constant one
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 5}, {2, 5}, {3, 5}});

        // When a standard scaler is fitted and applied
        FeatureScaler s = FeatureScaler.fit(Scaling.STANDARD, x);
        Tensor z = s.transform(x);

        // Then the first column becomes (x − 2)/0.8165 and the constant column keeps scale 1
        assertThat(s.offset()).containsExactly(2, 5);
        assertThat(s.scale()[0]).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
        assertThat(s.scale()[1]).isEqualTo(1);
        assertThat(z.get(0, 0)).isCloseTo(-1.2247449, within(1e-6));
        assertThat(z.get(2, 0)).isCloseTo(1.2247449, within(1e-6));
        assertThat(z.get(1, 1)).isEqualTo(0);
    }

    @Test
    void minMaxScalerMapsTheTrainingRangeToZeroOne() {
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{-2}, {0}, {6}});
        FeatureScaler s = FeatureScaler.fit(Scaling.MIN_MAX, x);
        assertThat(s.transform(x).toFloatArray()).containsExactly(0f, 0.25f, 1f);
        // a value outside the training range goes outside [0, 1]: the scaler is fitted once, not refitted
        assertThat(s.transform(Tensor.matrix(DType.FLOAT32, new double[][] {{10}})).get(0, 0)).isEqualTo(1.5);
    }

    @Test
    void builtinsAreDeterministicAndSized() {
        for (BuiltinDataset b : BuiltinDataset.values()) {
            Dataset one = b.load(new Rng(11));
            Dataset two = b.load(new Rng(11));
            assertThat(one.fingerprint()).as(b.id()).isEqualTo(two.fingerprint());
        }
        assertThat(BuiltinDataset.DIGITS.load(new Rng(0)).toString()).isEqualTo("digits: 1797 rows, 64 features, 10 classes");
        assertThat(BuiltinDataset.IRIS.load(new Rng(0)).classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(BuiltinDataset.SPIRALS.load(new Rng(0)).classCounts()).containsExactly(500, 500);
        assertThat(BuiltinDataset.SINE.load(new Rng(0)).task()).isEqualTo(Task.REGRESSION);
        assertThat(BuiltinDataset.forName("digits8x8")).isEqualTo(BuiltinDataset.DIGITS);
        assertThatThrownBy(() -> BuiltinDataset.forName("mnist")).hasMessageContaining("expected one of xor, spirals");
    }

    @Test
    void fingerprintChangesWithOneValue() {
        Dataset a = BuiltinDataset.XOR.load(new Rng(1));
        float[] x = a.features().toFloatArray();
        x[5] += 1;
        Dataset b = a.withFeatures(Tensor.wrap(x, a.features().shape()));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).hasSize(64);
    }

    @Test
    void datasetRejectsOutOfRangeLabels() {
        assertThatThrownBy(() -> Dataset.classification("d", Tensor.zeros(2, 1), new int[] {0, 3}, List.of("f"), "y",
                List.of("a", "b"))).hasMessage("dataset 'd': row 1 has label 3, expected 0 … 1");
    }

    static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
