package org.backprop.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.DataSplit;
import org.backprop.data.Splits;
import org.backprop.io.ModelFile;
import org.backprop.random.Rng;
import org.backprop.model.Evaluation;
import org.backprop.model.TrainedModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains on a real Spark standalone cluster on the loopback address — a Master and two Worker JVMs
 * started by {@code spark/local-cluster}, executors in their own JVMs — so serialisation and the
 * class path are tested as on a cluster. Runs after {@code package} (it ships the built jar).
 */
@Tag("slow")
@Tag("cluster")
class LocalClusterIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void trainsThroughAStandaloneClusterWithTwoWorkers(@TempDir Path dir) throws Exception {
        Path jar = MODULE.resolve("target/backprop-spark.jar");
        assertThat(jar).as("the shaded jar (run after package)").exists();
        SparkSession spark = null;
        try {
            String url = script("start", "2");
            assertThat(url).startsWith("spark://127.0.0.1:");
            // Given a session on the cluster: two executors, one core each, our jar shipped to them
            spark = SparkSession.builder().master(url).appName("backprop-cluster-test")
                    .config("spark.jars", jar.toString())
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.executor.memory", "512m")
                    .config("spark.executor.cores", "1").config("spark.cores.max", "2")
                    .getOrCreate();
            waitForExecutors(spark, 2);
            DataSplit digits = Splits.split(BuiltinDataset.DIGITS.load(new Rng(42)), 0, 0.2, new Rng(1));
            org.apache.spark.sql.Dataset<Row> train = Frames.of(spark, digits.train(), 2, false);

            // When the estimator trains on it: 4 epochs of 23 steps, Adam at 0.01. (At Adam's usual 0.001 these
            // 92 steps reach 87.5% — on the cluster and in one JVM alike, to the digit: the run was right, the
            // settings too short for a 90% bar; 0.01 reaches 97% in one JVM.)
            BackpropClassifier estimator = new BackpropClassifier().setLayers("64").setEpochs(4).setBatchSize(64)
                    .setLearningRate(0.01);
            BackpropClassificationModel model = estimator.fit(train);

            // Then the model is a normal Backprop model that classifies the test digits as well as the single-JVM
            // trainer does with the same settings (within half a point), made on the cluster
            Path file = dir.resolve("model.json");
            ModelFile.write(model.trainedModel(), file);
            TrainedModel read = ModelFile.read(file);
            double accuracy = Evaluation.of(read, digits.test()).classification().accuracy();
            double single = BackpropClassifierTest.singleJvmAccuracy(digits.train(), digits.test(), estimator.settings());
            assertThat(single).as("single-JVM accuracy with the same settings").isGreaterThan(0.9);
            assertThat(accuracy).as("cluster accuracy (single JVM: %s)", single).isGreaterThan(0.9)
                    .isCloseTo(single, org.assertj.core.data.Offset.offset(0.005));
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) read.provenance().settings().get("spark");
            assertThat(info).containsEntry("master", url).containsEntry("partitions", 2L);

            // And scoring on the executors agrees with the model in this JVM
            long correct = model.transform(Frames.of(spark, digits.test(), 2, false)).filter("label = predictedLabel").count();
            assertThat(correct / (double) digits.test().size())
                    .isEqualTo(Evaluation.of(read, digits.test()).classification().accuracy());
        } finally {
            if (spark != null) {
                spark.stop();
            }
            script("stop"); // also after a failed start: it stops whatever was started

        }
        assertThat(new ProcessBuilder("bash", MODULE.resolve("local-cluster").toString(), "status").start().waitFor())
                .as("no cluster left running").isEqualTo(1);
    }

    private static void waitForExecutors(SparkSession spark, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        // getExecutorInfos lists the driver too
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < count + 1) {
            assertThat(System.nanoTime()).as("%d executors registered in time", count).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Runs {@code spark/local-cluster ARGS}, bounded in time, and returns its standard output. */
    private static String script(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", MODULE.resolve("local-cluster").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("local-cluster " + String.join(" ", args) + " did not finish in 300 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as("local-cluster %s exit code", String.join(" ", args)).isZero();
        return out;
    }
}
