package org.backprop.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.IdxReader;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.io.Json;
import org.backprop.io.ModelFile;
import org.backprop.random.Rng;
import org.backprop.spark.Frames;
import org.backprop.spark.SparkData;
import org.backprop.spark.SparkEvaluation;
import org.backprop.spark.SparkTrainer;
import org.backprop.loop.ProgressPrinter;
import org.backprop.train.TrainingDefaults;
import org.backprop.train.TrainingSettings;
import org.backprop.cli.CommonOptions;
import org.backprop.cli.TrainingOptions;
import org.backprop.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop-spark train}: read a DataFrame, hold out a test share, train on Spark, measure,
 * save a normal Backprop model file.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on Spark (synchronous data-parallel) and save it as a Backprop model file.", "",
            "With no --data it trains on the built-in 8x8 digits (builtin:digits)."})
public final class SparkTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private TrainingSettings settings;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]", description = "The Spark master: "
            + "local[N], spark://HOST:PORT, yarn, … (under spark-submit its --master wins). Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "builtin:digits", description = {"A CSV file or "
            + "directory (header row), Parquet or JSON (by extension, or --format), a directory of MNIST IDX files, "
            + "or builtin:NAME. Any path Spark reads (hdfs://, s3a://, …) works for CSV, Parquet and JSON.",
        "Default: ${DEFAULT-VALUE}."})
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "csv, parquet, json or auto (from the extension; csv otherwise). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--label", paramLabel = "COLUMN", defaultValue = "label",
            description = "The label column. Default: ${DEFAULT-VALUE}.")
    String label;

    @Option(names = "--features", paramLabel = "COLUMN", description = "A vector column holding the features "
            + "(default: every numeric column but the label).")
    String features;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "auto",
            description = "classification, regression or auto (inferred from the label column). Default: ${DEFAULT-VALUE}.")
    String task;

    @Mixin
    TrainingOptions training;

    @Option(names = "--test", paramLabel = "FRACTION", defaultValue = "0.2", description = "Share of rows held out "
            + "for the test (Spark's seeded randomSplit; IDX data has its own test files). Default: ${DEFAULT-VALUE}.")
    double test;

    @Mixin
    CommonOptions common;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "Partitions to train on; 0 "
            + "keeps the data's, raised to Spark's default parallelism. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "backprop-model.json",
            description = "Where to save the model (a local file on the driver). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object on standard output (progress goes to standard error).")
    boolean json;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "lines",
            description = "lines or none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        settings = settings();
        Task taskChoice = BackpropSpark.usage(() -> Task.parse(task));
        ProgressPrinter.Style style = BackpropSpark.usage(() -> switch (progress.trim().toLowerCase(Locale.ROOT)) {
            case "lines" -> ProgressPrinter.Style.LINES;
            case "none" -> ProgressPrinter.Style.NONE;
            default -> throw new IllegalArgumentException("--progress must be lines or none, got '" + progress + "'");
        });
        PrintWriter human = json ? new PrintWriter(java.io.Writer.nullWriter()) : stdout;

        SparkSession spark = BackpropSpark.session(master);
        try {
            Dataset<Row>[] split = load(spark);
            Dataset<Row> train = SparkData.repartition(split[0], partitions);
            try (SparkData trainData = SparkData.fit(train, label, features, taskChoice, settings.scaling())) {
                SparkData.Schema schema = trainData.schema();
                human.println("data     " + data + ": " + trainData.rows() + " training rows in " + trainData.partitions()
                        + " partitions, " + schema.featureNames().size() + " features, " + (schema.task() == Task.CLASSIFICATION
                        ? schema.classNames().size() + " classes" : "regression"));
                human.println("spark    " + spark.version() + " on " + spark.sparkContext().master() + " (default parallelism "
                        + spark.sparkContext().defaultParallelism() + ")");
                human.println(String.format(Locale.ROOT, "training %s, %s, batch %d, %s, seed %d",
                        settings.optimizer().label(), settings.layers(), settings.batchSize(), settings.epochs() > 0
                        ? settings.epochs() + " epochs" : "epochs from the data's size", settings.seed()));
                human.flush();
                SparkTrainer.Result result = new SparkTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                        List.of(new ProgressPrinter(json ? stderr : stdout, style))).train(trainData, settings, data);
                if (result.history().stopReason() == org.backprop.loop.StopReason.DIVERGED) {
                    stderr.println("error: " + result.history().message());
                    return BackpropSpark.FAILURE;
                }
                SparkEvaluation testResult = null;
                if (split[1] != null) {
                    try (SparkData testData = SparkData.withModel(split[1], schema, trainData.scaler())) {
                        testResult = testData.rows() == 0 ? null : SparkEvaluation.of(result.model(), testData);
                    }
                }
                ModelFile.write(result.model(), out);
                if (json) {
                    stdout.println(Json.writePretty(jsonResult(result, testResult)).stripTrailing());
                } else {
                    if (testResult != null) {
                        stdout.println("test     " + testResult.headline());
                    }
                    stdout.println(String.format(Locale.ROOT, "time     %.1f s training, %d steps (%.1f ms per step, "
                            + "of which %.1f ms computing on the slowest partition)", result.seconds(), result.steps(),
                            1000 * result.seconds() / Math.max(1, result.steps()),
                            1000 * result.shardSeconds() / Math.max(1, result.steps())));
                    stdout.println("saved    " + out + "  (weightsSha256 " + result.model().weightsSha256().substring(0, 16)
                            + "…)");
                    stdout.println("next     backprop inspect --model " + out);
                }
                stdout.flush();
                return BackpropSpark.OK;
            }
        } finally {
            spark.stop();
        }
    }

    /** The training and test DataFrames ({@code [1]} is {@code null} without a test share). */
    @SuppressWarnings("unchecked")
    private Dataset<Row>[] load(SparkSession spark) {
        int slices = Math.max(1, spark.sparkContext().defaultParallelism());
        if (data.startsWith("builtin:")) {
            BuiltinDataset b = BackpropSpark.usage(() -> BuiltinDataset.forName(data.substring("builtin:".length())));
            Dataset<Row> all = Frames.of(spark, b.load(new Rng(settings.seed())), slices, false);
            label = Frames.LABEL;
            return split(all);
        }
        Path local = Path.of(data.contains("://") ? "/nonexistent" : data);
        if (Files.isDirectory(local) && IdxReader.isIdxDirectory(local)) {
            IdxReader.TrainTest tt = IdxReader.readDirectory(local);
            label = Frames.LABEL;
            features = Frames.FEATURES;
            return new Dataset[] {Frames.of(spark, tt.train(), slices, true), Frames.of(spark, tt.test(), slices, true)};
        }
        if (!data.contains("://") && !Files.exists(local)) {
            throw new BackpropSpark.DataError("no such file or directory: " + data);
        }
        String kind = format.equals("auto") ? guessFormat(data) : format.toLowerCase(Locale.ROOT);
        Dataset<Row> all = switch (kind) {
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(data);
            case "parquet" -> spark.read().parquet(data);
            case "json" -> spark.read().json(data);
            default -> throw new UsageException("--format must be csv, parquet, json or auto, got '" + format + "'");
        };
        return split(all);
    }

    @SuppressWarnings("unchecked")
    private Dataset<Row>[] split(Dataset<Row> all) {
        if (test == 0) {
            return new Dataset[] {all, null};
        }
        return all.randomSplit(new double[] {1 - test, test}, settings.seed());
    }

    private static String guessFormat(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".parquet") || p.contains(".parquet/") ? "parquet" : p.endsWith(".json") ? "json" : "csv";
    }

    /** The settings from the options (those of {@code backprop train}, {@link TrainingOptions}), checked. */
    private TrainingSettings settings() {
        BackpropSpark.check(test >= 0 && test < 1, "--test must be in [0, 1), got " + test);
        BackpropSpark.check(partitions >= 0, "--partitions must be 0 or more, got " + partitions);
        return BackpropSpark.usage(() -> training.applyTo(TrainingDefaults.settings().toBuilder()).validationFraction(0)
                .testFraction(test).patience(0).threads(1).build());
    }

    private Map<String, Object> jsonResult(SparkTrainer.Result r, SparkEvaluation testResult) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "train");
        m.put("engine", r.history().engine());
        m.put("model", out.toString());
        m.put("data", data);
        m.put("task", r.model().task().label());
        m.put("network", r.model().network().spec().toString());
        m.put("partitions", (long) r.partitions());
        if (testResult != null) {
            m.put("test", testResult.toMap());
        }
        m.put("weightsSha256", r.model().weightsSha256());
        m.put("seconds", r.seconds());
        m.put("steps", r.steps());
        m.put("settings", r.model().provenance().settings());
        return m;
    }
}
