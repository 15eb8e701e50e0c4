package org.backprop.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.loss.Loss;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizer;
import org.backprop.nn.Activation;
import org.backprop.optim.OptimizerKind;
import org.backprop.optim.ScheduleKind;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.train.TrainingDefaults;
import org.backprop.train.TrainingSettings;
import org.backprop.engine.TrainingSteps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkTrainerTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void thePlateauScheduleIsRefusedForItNeedsValidationRows() {
        // Given digits on Spark and the plateau schedule, which follows early stopping's validation score
        Dataset rows = BuiltinDataset.DIGITS.load(new Rng(42)).subset(range(100), "digits-100");
        TrainingSettings s = TrainingSettings.defaults().toBuilder().layers("8").epochs(1).validationFraction(0)
                .testFraction(0).schedule(ScheduleKind.PLATEAU).build();
        try (SparkData data = SparkData.fit(LocalSpark.frame(spark, rows, 2), "label", null, null, Scaling.STANDARD)) {
            // When / Then: one line saying why, before any step
            assertThatThrownBy(() -> new SparkTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), List.of())
                    .train(data, s, "digits-100"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("spark training: the plateau learning-rate schedule follows early stopping's validation "
                            + "score, and Spark training has no validation rows; use constant or cosine");
        }
    }

    @ParameterizedTest(name = "{0}, {1} partitions")
    @CsvSource({"sgd, 3", "adam, 3", "momentum, 2", "adam, 1"})
    void oneSparkStepEqualsOneSingleJvmStep(String optimizer, int partitions) {
        // Given 300 digits in partitions, and the settings of a 64-row batch (so the step's rows are a
        // seeded choice spread over all partitions)
        Dataset digits = BuiltinDataset.DIGITS.load(new Rng(42));
        Dataset rows = digits.subset(range(300), "digits-300");
        TrainingSettings s = TrainingSettings.defaults().toBuilder().layers("64,32").activation(Activation.relu())
                .optimizer(OptimizerKind.parse(optimizer)).batchSize(64).epochs(1).seed(7).validationFraction(0)
                .testFraction(0).scaling(Scaling.STANDARD).l2(1e-3).schedule(ScheduleKind.CONSTANT).build();

        // When one step runs on Spark
        SparkData data = SparkData.fit(LocalSpark.frame(spark, rows, partitions), "label", null, null, Scaling.STANDARD);
        SparkTrainer.Result result = new SparkTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), List.of())
                .withStepLimit(1).train(data, s, "digits-300");
        data.close();

        // And one step runs in this JVM the way the Trainer does it: the same seed forks, the epoch's
        // permutation, its first 64 rows
        Rng root = new Rng(7);
        FeatureScaler scaler = FeatureScaler.fit(Scaling.STANDARD, rows.features());
        NetworkSpec spec = TrainingDefaults.networkSpec("64,32", Activation.relu(), rows.task(), 10);
        Network network = spec.build(64, root.fork(2));
        Loss loss = TrainingDefaults.loss(null, rows.task(), spec);
        Optimizer opt = s.optimizer().create(network.parameters(), s.optimizer().defaultLearningRate());
        int[] order = root.fork(3).permutation(300);
        Map<String, Tensor> initial = network.stateDict();
        Dataset batch = scaler.transform(rows).subset(java.util.Arrays.copyOf(order, 64), "batch");
        TrainingSteps.create(network, loss, opt, new Regularization(0, 1e-3))
                .step(batch.features(), Tensor.wrap(toFloat(batch.labels()), Shape.of(64)));

        // Then every weight agrees within 1e-5, relative
        assertThat(result.steps()).isEqualTo(1);
        Map<String, Tensor> want = network.stateDict();
        Map<String, Tensor> got = result.model().network().stateDict();
        assertThat(got.keySet()).isEqualTo(want.keySet());
        int changed = 0;
        for (String name : want.keySet()) {
            Tensor w = want.get(name);
            Tensor g = got.get(name);
            for (int i = 0; i < w.size(); i++) {
                double a = w.get(i);
                double b = g.get(i);
                if (Math.abs(a - b) > 1e-5 * Math.max(Math.abs(a), Math.abs(b))) {
                    fail("%s[%d]: spark %s, single JVM %s (relative difference %s)", name, i, b, a,
                            Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
                }
            }
            boolean moved = false;
            for (int i = 0; i < w.size(); i++) {
                moved |= w.get(i) != initial.get(name).get(i);
            }
            changed += moved ? 1 : 0;
        }
        assertThat(changed).as("parameters moved by the step").isEqualTo(want.size());
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    static float[] toFloat(int[] labels) {
        float[] f = new float[labels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = labels[i];
        }
        return f;
    }
}
