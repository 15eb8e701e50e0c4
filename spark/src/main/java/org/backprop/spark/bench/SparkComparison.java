package org.backprop.spark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backprop.data.FeatureScaler;
import org.backprop.data.IdxReader;
import org.backprop.data.Scaling;
import org.backprop.loss.Loss;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Optimizers;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.backprop.spark.Frames;
import org.backprop.spark.SparkData;
import org.backprop.spark.SparkTrainer;
import org.backprop.loop.EarlyStopping;
import org.backprop.model.Evaluation;
import org.backprop.loop.Trainer;
import org.backprop.loop.TrainerConfig;
import org.backprop.train.TrainingDefaults;
import org.backprop.train.TrainingSettings;

/**
 * The benchmark behind {@code bench/spark}: on MNIST-10k (8000 training images, its 2000 test
 * images) in Spark {@code local[2]}, 784-256-128-10,
 * <ol>
 *   <li>Spark MLlib's {@code MultilayerPerceptronClassifier} (sigmoid hidden layers, full-batch
 *       L-BFGS, {@code maxIter} iterations) against Backprop on Spark (ReLU, Adam, mini-batches):
 *       test accuracy and wall time of {@code fit};</li>
 *   <li>Backprop on Spark against the single-JVM trainer (2 threads) at batch 1024: training
 *       samples per second, with Spark's per-step time split into the slowest partition's compute
 *       and the rest.</li>
 * </ol>
 * Arguments: {@code DATA_DIR [MLP_MAX_ITER [EPOCHS [BATCH]]]}; {@code MLP_MAX_ITER} 0 skips part 1.
 */
public final class SparkComparison {
    private SparkComparison() {
    }

    /**
     * Runs the comparison and prints a Markdown table.
     *
     * @param args {@code DATA_DIR [MLP_MAX_ITER [EPOCHS [BATCH]]]} (see the class comment)
     * @throws IOException if the temporary Parquet directory cannot be made or removed
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/mnist10k");
        int maxIter = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        IdxReader.TrainTest mnist = IdxReader.readDirectory(dir);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("backprop-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path parquet = Files.createTempDirectory("backprop-bench-spark");
        try {
            // Written to Parquet and read back, as data on a cluster comes from files: a DataFrame made
            // from a local collection keeps its rows inside its partitions, so every task of every step
            // (and every L-BFGS iteration of MLlib) would ship its 25 MB share of the images with it.
            Frames.of(spark, mnist.train(), 2, true).write().parquet(parquet.resolve("train").toString());
            Frames.of(spark, mnist.test(), 2, true).write().parquet(parquet.resolve("test").toString());
            Dataset<Row> train = spark.read().parquet(parquet.resolve("train").toString()).repartition(2).cache();
            Dataset<Row> test = spark.read().parquet(parquet.resolve("test").toString()).repartition(2).cache();
            train.count();
            test.count();

            if (maxIter > 0) {
                compareWithMllib(spark, jsc, train, test, mnist, maxIter, epochs, batch);
            }
            throughput(jsc, train, mnist, batch);
        } finally {
            spark.stop();
            try (Stream<Path> files = Files.walk(parquet)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void compareWithMllib(SparkSession spark, JavaSparkContext jsc, Dataset<Row> train, Dataset<Row> test,
                                         IdxReader.TrainTest mnist, int maxIter, int epochs, int batch) {
        {
            // 1. MLlib's MLP: string labels indexed first (its labels must be 0..C-1 doubles)
            StringIndexerModel indexer = new StringIndexer().setInputCol("label").setOutputCol("index").fit(train);
            Dataset<Row> indexedTrain = indexer.transform(train).cache();
            Dataset<Row> indexedTest = indexer.transform(test).cache();
            indexedTrain.count();
            indexedTest.count();
            long t0 = System.nanoTime();
            MultilayerPerceptronClassificationModel mlp = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {784, 256, 128, 10}).setMaxIter(maxIter).setSeed(42).setLabelCol("index")
                    .setFeaturesCol("features").fit(indexedTrain);
            double mlpSeconds = (System.nanoTime() - t0) / 1e9;
            double mlpAccuracy = new MulticlassClassificationEvaluator().setLabelCol("index").setMetricName("accuracy")
                    .evaluate(mlp.transform(indexedTest));

            // 2. Backprop on Spark: the same data, ReLU + Adam mini-batches; the fit includes reading the data
            TrainingSettings s = settings(batch, epochs);
            long t1 = System.nanoTime();
            SparkTrainer.Result bp;
            try (SparkData data = SparkData.fit(train, "label", "features", null, Scaling.NONE)) {
                bp = new SparkTrainer(jsc, List.of()).train(data, s, "mnist10k");
            }
            double bpSeconds = (System.nanoTime() - t1) / 1e9;
            double bpAccuracy = Evaluation.of(bp.model(), mnist.test()).classification().accuracy();
            PrintRow.header();
            PrintRow.row("MLlib MultilayerPerceptronClassifier (sigmoid, L-BFGS, maxIter " + maxIter + ")",
                    mlpAccuracy, mlpSeconds);
            PrintRow.row("Backprop on Spark (relu, Adam, batch " + batch + ", " + epochs + " epochs)", bpAccuracy,
                    bpSeconds);
            System.out.println();
        }
    }

    private static void throughput(JavaSparkContext jsc, Dataset<Row> train, IdxReader.TrainTest mnist, int batch) {
        {
            // 3. Throughput at batch 1024: Spark local[2] vs the single-JVM trainer with 2 threads, 3 epochs each
            int big = 1024;
            int bigEpochs = 3;
            TrainingSettings sb = settings(big, bigEpochs);
            SparkTrainer.Result sparkBig;
            try (SparkData data = SparkData.fit(train, "label", "features", null, Scaling.NONE)) {
                sparkBig = new SparkTrainer(jsc, List.of()).train(data, sb, "mnist10k");
            }
            double sparkRate = bigEpochs * (double) mnist.train().size() / sparkBig.seconds();
            double jvmRate = singleJvmRate(mnist.train(), sb, 2);

            System.out.println("| batch 1024, 3 epochs | samples/s | ms per step | of which slowest partition computing | driver sum + update |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            System.out.println(String.format(Locale.ROOT, "| Backprop on Spark, local[2], 2 partitions | %.0f | %.1f | %.1f | %.1f |",
                    sparkRate, 1000 * sparkBig.seconds() / sparkBig.steps(), 1000 * sparkBig.shardSeconds() / sparkBig.steps(),
                    1000 * sparkBig.driverSeconds() / sparkBig.steps()));
            System.out.println(String.format(Locale.ROOT, "| single-JVM trainer, 2 threads | %.0f | %.1f | — | — |", jvmRate,
                    1000.0 * big / jvmRate));
            System.out.println(String.format(Locale.ROOT, "%nratio Spark / single JVM: %.2f", sparkRate / jvmRate));
        }
    }

    /** The defaults of {@code backprop train} with no held-out rows, no scaling (the pixels are scaled by the reader). */
    private static TrainingSettings settings(int batch, int epochs) {
        return TrainingSettings.defaults().toBuilder().batchSize(batch).epochs(epochs).validationFraction(0).testFraction(0)
                .patience(0).scaling(Scaling.NONE).threads(1).l2(0).schedule(org.backprop.optim.ScheduleKind.CONSTANT)
                .build();
    }

    /** Samples per second of the single-JVM Trainer (fused engine, {@code threads} threads) on the same settings. */
    private static double singleJvmRate(org.backprop.data.Dataset train, TrainingSettings s, int threads) {
        Rng root = new Rng(s.seed());
        NetworkSpec spec = TrainingDefaults.networkSpec(s.layers(), s.activation(), train.task(), train.outputCount());
        Network network = spec.build(train.featureCount(), root.fork(2));
        Loss loss = TrainingDefaults.loss(null, train.task(), spec);
        Optimizer opt = s.optimizer().create(network.parameters(), s.optimizer().defaultLearningRate());
        // no per-epoch diagnostics (training metric, gradient norms, weight summaries): the Spark trainer
        // computes none either, so both sides do the same work
        TrainerConfig config = new TrainerConfig(s.epochs(), s.batchSize(), EarlyStopping.patience(0), threads,
                s.schedule().schedule(s.epochs())).withDiagnostics(java.util.Set.of());
        org.backprop.data.Dataset data = FeatureScaler.none(train.featureCount()).transform(train);
        long t = System.nanoTime();
        new Trainer(config, List.of()).fit(network, loss, opt, Regularization.NONE, data, null, root.fork(3));
        return s.epochs() * (double) train.size() / ((System.nanoTime() - t) / 1e9);
    }

    /** The accuracy table's rows. */
    private static final class PrintRow {
        static void header() {
            System.out.println("| MNIST-10k, local[2], 784-256-128-10 | test accuracy | fit wall time (s) |");
            System.out.println("| --- | ---: | ---: |");
        }

        static void row(String what, double accuracy, double seconds) {
            System.out.println(String.format(Locale.ROOT, "| %s | %.2f%% | %.1f |", what, 100 * accuracy, seconds));
        }
    }
}
