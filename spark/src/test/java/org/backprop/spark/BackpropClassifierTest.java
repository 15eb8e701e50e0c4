package org.backprop.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.DataSplit;
import org.backprop.data.Dataset;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.data.Splits;
import org.backprop.io.ModelFile;
import org.backprop.loss.Loss;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.backprop.model.Evaluation;
import org.backprop.loop.EarlyStopping;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;
import org.backprop.loop.Trainer;
import org.backprop.loop.TrainerConfig;
import org.backprop.train.Training;
import org.backprop.train.TrainingDefaults;
import org.backprop.train.TrainingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackpropClassifierTest {
    private static SparkSession spark;
    private static DataSplit digits;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
        digits = Splits.split(BuiltinDataset.DIGITS.load(new Rng(42)), 0, 0.2, new Rng(1));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Tag("slow")
    void trainingOnSparkReachesTheSingleJvmTestAccuracy() {
        // Given the 8×8 digits' training split as a DataFrame in 2 partitions
        org.apache.spark.sql.Dataset<Row> train = LocalSpark.frame(spark, digits.train(), 2);

        // When the estimator trains on it, and a single JVM trains on the same rows with the same settings
        BackpropClassifier estimator = new BackpropClassifier().setLayers("128,64").setEpochs(10).setBatchSize(128)
                .setSeed(42);
        BackpropClassificationModel model = estimator.fit(train);
        double sparkAccuracy = Evaluation.of(model.trainedModel(), digits.test()).classification().accuracy();
        double jvmAccuracy = singleJvmAccuracy(digits.train(), digits.test(), estimator.settings());

        // Then both reach the same test accuracy within half a point, and the model says where it was trained
        assertThat(jvmAccuracy).isGreaterThan(0.93);
        assertThat(sparkAccuracy).isCloseTo(jvmAccuracy, org.assertj.core.data.Offset.offset(0.005));
        Provenance p = model.trainedModel().provenance();
        assertThat(p.engine()).isEqualTo("fused-mlp on spark (2 partitions)");
        @SuppressWarnings("unchecked")
        Map<String, Object> sparkInfo = (Map<String, Object>) p.settings().get("spark");
        assertThat(sparkInfo).containsEntry("partitions", 2L).containsEntry("master", "local[2]");

        // And transform() predicts the same classes as the model itself, on the test rows
        org.apache.spark.sql.Dataset<Row> scored = model.transform(LocalSpark.frame(spark, digits.test(), 2));
        long correct = scored.filter("label = predictedLabel").count();
        assertThat(correct / (double) digits.test().size()).isCloseTo(sparkAccuracy, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPipelineWithAVectorColumnFitsSavesAndLoads(@TempDir Path dir) throws Exception {
        // Given a pipeline: assemble the 64 pixel columns into a vector, then the classifier
        org.apache.spark.sql.Dataset<Row> train = LocalSpark.frame(spark, digits.train(), 2);
        VectorAssembler assembler = new VectorAssembler()
                .setInputCols(digits.train().featureNames().toArray(new String[0])).setOutputCol("pixels");
        BackpropClassifier classifier = new BackpropClassifier().setFeaturesCol("pixels").setLayers("32")
                .setEpochs(5).setBatchSize(128).setLearningRate(0.01);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, classifier});

        // When it is fitted, saved with Spark ML persistence and loaded again
        PipelineModel fitted = pipeline.fit(train);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);

        // Then the loaded pipeline predicts exactly as the fitted one, and learned something
        org.apache.spark.sql.Dataset<Row> test = LocalSpark.frame(spark, digits.test(), 2);
        List<Row> before = fitted.transform(test).select("prediction", "probability").collectAsList();
        List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();
        assertThat(after).isEqualTo(before);
        long correct = loaded.transform(test).filter("label = predictedLabel").count();
        assertThat(correct / (double) digits.test().size()).isGreaterThan(0.85);

        // And the stage's directory holds a normal Backprop model file
        Path modelFile;
        try (var files = Files.walk(dir)) {
            modelFile = files.filter(f -> f.getFileName().toString().equals(BackpropClassificationModel.MODEL_FILE))
                    .findFirst().orElseThrow();
        }
        TrainedModel read = ModelFile.read(modelFile);
        assertThat(read.featureNames()).hasSize(64).first().isEqualTo("pixels[0]");
        assertThat(read.classNames()).hasSize(10);
    }

    @Test
    void dataFramesFromCsvAndParquetBothTrain(@TempDir Path dir) {
        // Given the digits written as CSV (with a header) and as Parquet
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(spark, digits.train(), 2);
        String csv = dir.resolve("digits-csv").toString();
        String parquet = dir.resolve("digits-parquet").toString();
        frame.write().option("header", "true").csv(csv);
        frame.write().parquet(parquet);

        // When each is read back and trained on for two epochs
        for (org.apache.spark.sql.Dataset<Row> df : List.of(
                spark.read().option("header", "true").option("inferSchema", "true").csv(csv),
                spark.read().parquet(parquet))) {
            BackpropClassificationModel model = new BackpropClassifier().setLayers("64").setEpochs(2).setBatchSize(64)
                    .setLearningRate(0.01)
                    .fit(df);

            // Then each model classifies most test digits
            assertThat(Evaluation.of(model.trainedModel(), digits.test()).classification().accuracy()).isGreaterThan(0.85);
        }
    }

    /** The test accuracy of the single-JVM Trainer with the same seed forks, scaling and settings as the Spark trainer. */
    static double singleJvmAccuracy(Dataset train, Dataset test, TrainingSettings s) {
        Rng root = new Rng(s.seed());
        FeatureScaler scaler = FeatureScaler.fit(s.scaling(), train.features());
        NetworkSpec spec = TrainingDefaults.networkSpec(s.layers(), s.activation(), train.task(), train.outputCount());
        Network network = spec.build(train.featureCount(), root.fork(2));
        Loss loss = TrainingDefaults.loss(s.loss(), train.task(), spec);
        double rate = Double.isNaN(s.learningRate()) ? s.optimizer().defaultLearningRate() : s.learningRate();
        Optimizer opt = s.optimizer().create(network.parameters(), rate);
        int epochs = Training.epochs(s, train.size());
        TrainerConfig config = new TrainerConfig(epochs, s.batchSize(), EarlyStopping.patience(0), 1,
                s.schedule().schedule(epochs));
        new Trainer(config, List.of()).fit(network, loss, opt, new Regularization(0, s.l2()), scaler.transform(train), null,
                root.fork(3));
        TrainedModel model = new TrainedModel(network, train.task(), scaler, train.featureNames(), train.targetName(),
                train.classNames(), loss.name(), null);
        return Evaluation.of(model, test).classification().accuracy();
    }
}
