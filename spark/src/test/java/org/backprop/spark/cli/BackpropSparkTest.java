package org.backprop.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.backprop.io.Json;
import org.backprop.io.ModelFile;
import org.backprop.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackpropSparkTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BackpropSpark.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void trainsOnACsvFileInLocalModeAndSavesAModelFile(@TempDir Path dir) throws Exception {
        // Given a small CSV file with a text label column
        Path csv = dir.resolve("blobs.csv");
        StringBuilder sb = new StringBuilder("x,y,kind\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 300; i++) {
            int c = i % 3;
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s%n", 3 * c + r.nextGaussian() * 0.5,
                    -2 * c + r.nextGaussian() * 0.5, new String[] {"red", "green", "blue"}[c]));
        }
        Files.writeString(csv, sb);
        Path model = dir.resolve("model.json");

        // When backprop-spark trains on it with --json
        int code = run("train", "--master", "local[2]", "--data", csv.toString(), "--label", "kind", "--layers", "16",
                "--epochs", "10", "--batch", "32", "--lr", "0.01", "--out", model.toString(), "--json");

        // Then it succeeds, prints the test accuracy as JSON, and the model file is a normal one trained on Spark
        assertThat(code).as(err.toString()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(out.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> test = (Map<String, Object>) json.get("test");
        assertThat((Double) test.get("accuracy")).isGreaterThan(0.9);
        assertThat(json.get("engine")).isEqualTo("fused-mlp on spark (2 partitions)");
        TrainedModel read = ModelFile.read(model);
        assertThat(read.classNames()).containsExactly("blue", "green", "red");
        assertThat(read.featureNames()).containsExactly("x", "y");
        assertThat(read.weightsSha256()).isEqualTo(json.get("weightsSha256"));
    }

    @Test
    void aMissingLabelColumnIsOneLineAndExitCode1(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "a,b\n1,2\n3,4\n");
        int code = run("train", "--master", "local[1]", "--data", csv.toString(), "--label", "species",
                "--out", dir.resolve("m.json").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: no label column 'species'; the columns are a, b"
                + System.lineSeparator());
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    @Test
    void theTrainingOptionsAreThoseOfBackpropTrain() {
        // The options that choose what is trained are declared once (TrainingOptions) for both command lines
        picocli.CommandLine spark = new picocli.CommandLine(new SparkTrainCommand());
        picocli.CommandLine jvm = new picocli.CommandLine(new org.backprop.cli.TrainCommand());
        for (String option : java.util.List.of("--layers", "--activation", "--loss", "--optimizer", "--lr", "--lr-schedule",
                "--batch", "--epochs", "--seed", "--scaling", "--l2")) {
            assertThat(spark.getCommandSpec().findOption(option).description()).as(option)
                    .isEqualTo(jvm.getCommandSpec().findOption(option).description());
            assertThat(spark.getCommandSpec().findOption(option).defaultValueString()).as(option)
                    .isEqualTo(jvm.getCommandSpec().findOption(option).defaultValueString());
        }
    }

    @Test
    void badOptionsAreUsageErrorsWithExitCode2() {
        assertThat(run("train", "--batch", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --batch must be at least 1, got 0");
    }
}
