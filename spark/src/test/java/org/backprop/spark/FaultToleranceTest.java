package org.backprop.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.data.Scaling;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.backprop.model.TrainedModel;
import org.backprop.train.TrainingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultToleranceTest {
    /** Failures injected so far (local mode: the executors run in this JVM). */
    static final AtomicInteger INJECTED = new AtomicInteger();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2,2]"); // 2 threads, each task may fail once and be retried
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTrainingEndsWithTheSameWeights() {
        // Given 400 digits in 2 partitions and 2 epochs of Adam in batches of 100 (8 steps)
        Dataset digits = BuiltinDataset.DIGITS.load(new Rng(42)).subset(SparkTrainerTest.range(400), "digits-400");
        TrainingSettings s = TrainingSettings.defaults().withLayers("32").withEpochs(2).withBatchSize(100);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        // When it trains once undisturbed, and once with partition 1's task of step 5 failing on its first attempt
        TrainedModel clean;
        TrainedModel retried;
        try (SparkData data = SparkData.fit(LocalSpark.frame(spark, digits, 2), "label", null, null, Scaling.STANDARD)) {
            clean = new SparkTrainer(jsc, List.of()).train(data, s, "digits").model();
            INJECTED.set(0);
            retried = new SparkTrainer(jsc, List.of()).withHook((step, partition, attempt) -> {
                if (step == 5 && partition == 1 && attempt == 0) {
                    INJECTED.incrementAndGet();
                    throw new IllegalStateException("injected failure: step 5, partition 1, attempt 0");
                }
            }).train(data, s, "digits").model();
        }

        // Then the failure happened, Spark retried the task, and the weights are bit for bit the same
        assertThat(INJECTED.get()).isEqualTo(1);
        Map<String, Tensor> want = clean.network().stateDict();
        Map<String, Tensor> got = retried.network().stateDict();
        for (String name : want.keySet()) {
            assertThat(got.get(name).floatData()).as(name).containsExactly(want.get(name).floatData());
        }
        assertThat(retried.weightsSha256()).isEqualTo(clean.weightsSha256());
    }
}
