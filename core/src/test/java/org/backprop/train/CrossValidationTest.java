package org.backprop.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.data.Splits;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    @Test
    void foldsCoverEveryRowOnceAndKeepTheClassProportions() {
        // Given Iris (50 of each class) cut into 5 folds
        Dataset iris = BuiltinDataset.IRIS.load(new Rng(1));
        int[][] folds = Splits.folds(iris, 5, new Rng(7));

        // Then every row is in exactly one fold, and each fold has 10 of each class
        int[] seen = new int[iris.size()];
        for (int[] fold : folds) {
            assertThat(fold).hasSize(30);
            int[] perClass = new int[3];
            for (int row : fold) {
                seen[row]++;
                perClass[iris.label(row)]++;
            }
            assertThat(perClass).containsExactly(10, 10, 10);
            assertThat(Splits.complement(iris.size(), fold)).hasSize(120).doesNotContain(fold);
        }
        assertThat(seen).containsOnly(1);
        // and the same seed gives the same folds
        assertThat(Splits.folds(iris, 5, new Rng(7))).isDeepEqualTo(folds);
    }

    @Test
    void foldsOfRegressionDataDifferInSizeByAtMostOne() {
        Dataset sine = BuiltinDataset.SINE.load(new Rng(1));
        int[][] folds = Splits.folds(sine, 7, new Rng(3));
        int[] sizes = Arrays.stream(folds).mapToInt(f -> f.length).toArray();
        assertThat(Arrays.stream(sizes).sum()).isEqualTo(sine.size());
        assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt()).isLessThanOrEqualTo(1);
    }

    @Test
    void foldCountMustFitTheData() {
        Dataset xor = BuiltinDataset.XOR.load(new Rng(1));
        assertThatThrownBy(() -> Splits.folds(xor, 1, new Rng(1))).hasMessage(
                "cross-validation needs 2 to 400 folds (one row at least in each), got 1");
        assertThatThrownBy(() -> Splits.folds(xor, 401, new Rng(1))).hasMessageContaining("got 401");
    }

    @Test
    void meanStdAndWorstOverTheFolds() {
        // Given fold metrics 0.9, 1.0 and 0.8: mean 0.9, sample std √((0.01 + 0.01 + 0) / 2) = 0.1
        CrossValidation.Result r = new CrossValidation.Result("accuracy", List.of(
                new CrossValidation.Fold(1, 10, 5, 0.9, null), new CrossValidation.Fold(2, 10, 5, 1.0, null),
                new CrossValidation.Fold(3, 10, 5, 0.8, null)));
        assertThat(r.mean()).isCloseTo(0.9, within(1e-12));
        assertThat(r.std()).isCloseTo(0.1, within(1e-12));
        assertThat(r.worst()).isEqualTo(0.8);
        assertThat(r.headline()).isEqualTo("accuracy 0.9000 ± 0.1000 over 3 folds (worst 0.8000)");
    }

    @Test
    void eachFoldIsTheTestSetOfOneRun() {
        // Given the blobs and 3 folds of a small network for a few epochs
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));
        TrainingSettings s = TrainingSettings.defaults().withLayers("8").withEpochs(3).withThreads(1);

        // When cross-validated
        CrossValidation.Result r = CrossValidation.run(blobs, 3, s, fold -> List.of());

        // Then each fold's test rows are a third of the data and its metric is that run's test accuracy
        assertThat(r.folds()).hasSize(3);
        int tested = 0;
        for (CrossValidation.Fold f : r.folds()) {
            assertThat(f.trainRows() + f.testRows()).isEqualTo(blobs.size());
            assertThat(f.result().split().test().size()).isEqualTo(f.testRows());
            assertThat(f.metric()).isEqualTo(f.result().test().classification().accuracy());
            tested += f.testRows();
        }
        assertThat(tested).isEqualTo(blobs.size());
        Map<String, Object> m = r.toMap();
        assertThat(m.get("metric")).isEqualTo("accuracy");
        assertThat(m.get("folds")).isEqualTo(3L);
        assertThat((Double) m.get("mean")).isEqualTo(r.mean());
        assertThat((List<?>) m.get("perFold")).hasSize(3);
    }
}
