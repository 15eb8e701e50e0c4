package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backprop.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;
    private Path irisModel;

    /** What a run printed and returned. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackpropCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void frozenModel() throws IOException {
        irisModel = dir.resolve("iris-v1.json");
        try (InputStream in = CliTest.class.getResourceAsStream("/iris-v1.json")) {
            Files.write(irisModel, in.readAllBytes());
        }
    }

    @Test
    void trainPrintsWhatItDidAndSavesTheModel() {
        // Given the built-in XOR data and a small network
        Path model = dir.resolve("xor.json");

        // When it is trained without a progress display
        Run r = run("train", "--data", "builtin:xor", "--layers", "8", "--epochs", "3", "--threads", "1",
                "--progress", "none", "--out", model.toString());

        // Then it succeeds, describes the data, network and settings, and saves the model
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("data     builtin:xor: 400 rows, 2 features, 2 classes (classification)");
        assertThat(lines[1]).isEqualTo("network  2 → 8 relu → 2 softmax  (42 parameters)");
        assertThat(lines[2]).isEqualTo("training adam (lr 0.001), cross-entropy loss, batch 32, 3 epochs (early stopping "
                + "after 10 without improvement), seed 42, 1 thread");
        // 320 rows left after the test split: too few for a default validation split of 100 rows
        assertThat(lines[3]).isEqualTo("split    320 train / no validation / 80 test");
        assertThat(lines[4]).isEqualTo("end      ran all 3 epochs");
        assertThat(lines[5]).matches("train    accuracy \\d\\.\\d{4}  log-loss \\d\\.\\d{4}");
        assertThat(lines[6]).matches("test     accuracy \\d\\.\\d{4}  log-loss \\d\\.\\d{4}");
        assertThat(lines[7]).matches("time     \\d+\\.\\d s \\(engine [a-z-]+\\)");
        assertThat(lines[8]).matches("saved    " + java.util.regex.Pattern.quote(model.toString())
                + "  \\(weightsSha256 [0-9a-f]{16}…\\)");
        assertThat(lines[9]).isEqualTo("next     backprop evaluate --model " + model + " --data builtin:xor");
        assertThat(Files.exists(model)).isTrue();
    }

    @Test
    void trainClipsGradientsOnTheFusedEngineWithClipNorm() throws IOException {
        // Given XOR and a clipping norm
        Path model = dir.resolve("clipped.json");

        // When it is trained with --clip-norm and --l1
        Run r = run("train", "--data", "builtin:xor", "--layers", "8", "--epochs", "2", "--threads", "1",
                "--progress", "none", "--clip-norm", "0.5", "--l1", "0.001", "--out", model.toString());

        // Then the settings line says so, the fast engine still trains, and the model records both settings
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("training adam (lr 0.001), cross-entropy loss, gradients clipped to norm 0.5, batch 32,")
                .contains("(engine fused-mlp)");
        Map<?, ?> settings = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(model))).get("provenance")).get("settings");
        assertThat(settings.get("clipNorm")).isEqualTo(0.5);
        assertThat(settings.get("l1")).isEqualTo(0.001);
        // and a negative norm is refused with one line
        Run bad = run("train", "--data", "builtin:xor", "--clip-norm", "-1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--clip-norm must be 0 (no clipping) or more, got -1.0");
    }

    @Test
    void trainJsonIsOneObjectWithTheTestMetricsAndTheModelPath() {
        Path model = dir.resolve("sine.json");
        Run r = run("train", "--data", "builtin:sine", "--layers", "8", "--epochs", "2", "--json", "--progress", "lines",
                "--out", model.toString());
        assertThat(r.code()).isEqualTo(0);
        Map<?, ?> json = (Map<?, ?>) Json.parse(r.out());
        assertThat(json.get("model")).isEqualTo(model.toString());
        assertThat(json.get("task")).isEqualTo("regression");
        Map<?, ?> test = (Map<?, ?>) json.get("test");
        assertThat(test.containsKey("r2") && test.containsKey("rmse") && test.containsKey("mae")).isTrue();
        // progress went to standard error, one line per epoch, then why it stopped
        List<String> progress = r.err().lines().toList();
        assertThat(progress).hasSize(3);
        assertThat(progress.subList(0, 2)).allSatisfy(l -> assertThat(l).startsWith("epoch "));
        assertThat(progress.get(2)).startsWith("ran all 2 epochs; ");
    }

    @Test
    void theSameSeedGivesTheSameWeightsOnOneOrTwoThreads() {
        String one = sha(run("train", "--data", "builtin:moons", "--layers", "16,8", "--epochs", "2", "--threads", "1",
                "--json", "--progress", "none", "--out", dir.resolve("a.json").toString()));
        String two = sha(run("train", "--data", "builtin:moons", "--layers", "16,8", "--epochs", "2", "--threads", "2",
                "--json", "--progress", "none", "--out", dir.resolve("b.json").toString()));
        assertThat(two).isEqualTo(one).hasSize(64);
    }

    private static String sha(Run r) {
        assertThat(r.code()).isEqualTo(0);
        return (String) ((Map<?, ?>) Json.parse(r.out())).get("weightsSha256");
    }

    @Test
    void inspectShowsTheFrozenModel() {
        Run r = run("inspect", "--model", irisModel.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo(String.join("\n",
                "model          " + irisModel + "  (backprop-model v1)",
                "task           classification of 'species' into 3 classes: setosa, versicolor, virginica",
                "inputs         4 features (sepal_length, sepal_width, petal_length, petal_width), scaling standard",
                "network        4 → 8 relu → 3 softmax  (67 parameters)",
                "  layers.0.weight      [8, 4]",
                "  layers.0.bias        [8]",
                "  layers.1.weight      [3, 8]",
                "  layers.1.bias        [3]",
                "loss           cross-entropy",
                "weightsSha256  46841d22ea6d0e3232259dd592eb3e1af9c88d0a1c1b49d60930d00355a4164f",
                "provenance     backprop 0.1.0, Java 17.0.15, seed 42",
                "  data         iris (SHA-256 " + fingerprintPrefix() + "…)",
                "  trained      " + createdAt() + " in " + seconds() + " s, engine autograd",
                "  settings     layers=8 activation=relu loss=cross-entropy optimizer=adam learningRate=0.01 batchSize=16 "
                        + "epochs=30 seed=42 validationFraction=0.1 testFraction=0.2 patience=0 scaling=standard threads=1 "
                        + "l2=0.0 spec=8 relu, 3 softmax", ""));
    }

    private Map<?, ?> provenance() {
        try {
            return (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(irisModel))).get("provenance");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String fingerprintPrefix() {
        return ((String) provenance().get("datasetFingerprint")).substring(0, 16);
    }

    private String createdAt() {
        return (String) provenance().get("createdAt");
    }

    private String seconds() {
        return String.format(java.util.Locale.ROOT, "%.1f", ((Number) provenance().get("trainingSeconds")).doubleValue());
    }

    @Test
    void inspectJsonHasTheWeightsHash() {
        Run r = run("inspect", "--model", irisModel.toString(), "--json");
        assertThat(r.code()).isEqualTo(0);
        Map<?, ?> json = (Map<?, ?>) Json.parse(r.out());
        assertThat(json.get("weightsSha256")).isEqualTo("46841d22ea6d0e3232259dd592eb3e1af9c88d0a1c1b49d60930d00355a4164f");
        assertThat(json.get("parameters")).isEqualTo(67L);
    }

    @Test
    void evaluateOnACsvFileWithTheModelsLabels() throws IOException {
        // Given three Iris rows in a CSV file with the columns in another order and CRLF line ends
        Path csv = dir.resolve("three.csv");
        Files.writeString(csv, "species,petal_width,petal_length,sepal_width,sepal_length\r\n"
                + "setosa,0.2,1.4,3.5,5.1\r\nversicolor,1.5,4.5,3.2,6.4\r\nvirginica,2.5,6.0,3.3,6.3\r\n", StandardCharsets.UTF_8);

        // When the frozen model evaluates them
        Run r = run("evaluate", "--model", irisModel.toString(), "--data", csv.toString(), "--json");

        // Then all three are right
        assertThat(r.code()).isEqualTo(0);
        Map<?, ?> test = (Map<?, ?>) ((Map<?, ?>) Json.parse(r.out())).get("test");
        assertThat(test.get("accuracy")).isEqualTo(1.0);
        assertThat(test.get("count")).isEqualTo(3L);
    }

    @Test
    void predictWritesLabelsAndProbabilities() throws IOException {
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n");
        Path out = dir.resolve("p.csv");
        Run r = run("predict", "--model", irisModel.toString(), "--data", csv.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).isEqualTo("wrote 2 predictions to " + out + "\n");
        String[] lines = Files.readString(out).split("\n");
        assertThat(lines[0]).isEqualTo("predicted_species,probability_setosa,probability_versicolor,probability_virginica");
        assertThat(lines[1]).startsWith("setosa,0.99");
        assertThat(lines[2]).startsWith("virginica,");
        assertThat(lines).hasSize(3);
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        Run r = run("train", "--epochs", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: --epochs must be at least 1, got 0\nTry 'backprop train --help' for the options.\n");
        Run unknown = run("train", "--no-such-option");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("error: Unknown option: '--no-such-option'\n"
                + "Try 'backprop train --help' for the options.\n");
        assertThat(run("train", "--optimizer", "adamant").err()).startsWith("error: unknown optimizer 'adamant'; expected one of");
        Run stopOn = run("train", "--stop-on", "accuracy");
        assertThat(stopOn.code()).isEqualTo(2);
        assertThat(stopOn.err()).isEqualTo("error: unknown early-stopping score 'accuracy' (expected loss or metric)\n"
                + "Try 'backprop train --help' for the options.\n");
        assertThat(run("train", "--lr-schedule", "step").err()).startsWith("error: unknown learning-rate schedule 'step'; "
                + "expected constant, cosine or plateau");
        Run missing = run("evaluate");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: Missing required options: '--model=FILE', '--data=SOURCE'\n"
                + "Try 'backprop evaluate --help' for the options.\n");
    }

    @Test
    void badDataExitsOneNamingTheFileLineAndColumn() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,x\n3,oops,y\n");
        Run r = run("train", "--data", csv.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: " + csv + " line 3, column 'b' (2): 'oops' is not a number\n");
        Run missing = run("inspect", "--model", dir.resolve("none.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("none.json") + ": no such model file\n");
    }

    @Test
    void aDamagedModelIsRefusedWithItsProblems() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(irisModel).replace("\"formatVersion\": 1", "\"formatVersion\": 9"));
        Run r = run("inspect", "--model", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: " + bad + ": not a valid model file (1 problem): formatVersion: 9 is not "
                + "supported (this version reads 1 … 1; the file was written by a newer Backprop)\n");
    }

    @Test
    void debugAddsTheStackTrace() {
        Run r = run("train", "--data", dir.resolve("missing.csv").toString(), "--debug");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + dir.resolve("missing.csv") + ": no such file or directory")
                .contains("\tat org.backprop.cli.");
    }

    @Test
    void divergenceIsAFailureWithAHint() {
        Run r = run("train", "--data", "builtin:sine", "--layers", "8", "--optimizer", "sgd", "--lr", "1e9", "--epochs", "3",
                "--progress", "none", "--out", dir.resolve("nan.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: training stopped: the loss became").contains("try a lower one, such as --lr")
                .hasLineCount(1);
        assertThat(Files.exists(dir.resolve("nan.json"))).isFalse();
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("train", "evaluate", "predict", "inspect");
        assertThat(run("train", "--help").out()).contains("--early-stopping=PATIENCE", "--threads=N", "--json");
    }

    @Test
    void trainWritesTheVisualReportAndThePlots() throws IOException {
        // Given iris and a report file and plot directory to fill
        Path report = dir.resolve("report.html");
        Path plots = dir.resolve("plots");

        // When it trains with --report and --plots (the viz module is found by ServiceLoader)
        // (with a validation split, which 150 rows do not get by default, so that there is a metric curve)
        Run r = run("train", "--data", "builtin:iris", "--layers", "8", "--epochs", "3", "--validation", "0.2",
                "--progress", "none", "--out", dir.resolve("iris.json").toString(), "--report", report.toString(),
                "--plots", plots.toString());

        // Then the page holds every part of the report, drawn from this run, and the plots exist as PNG and SVG
        assertThat(r.code()).isEqualTo(0);
        String html = Files.readString(report);
        assertThat(html).contains("Loss", "Gradient norms", "layers.0.weight", "Confusion matrix", "setosa", "Network",
                "training: ", "rows, 4 features, 3 classes", "seed");
        // self-contained: nothing fetched from anywhere (the SVG namespace is a name, not a download)
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("<script src=", "http://", "https://");
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "loss.png", "loss.svg", "metric.png", "metric.svg", "gradient-norms.png", "gradient-norms.svg");
        }
    }

    @Test
    void explainAndPlaygroundAreCommandsOfTheLauncher() {
        // When the top-level help is asked for, and explain runs with --json
        Run help = run("--help");
        Run explain = run("explain", "--json");

        // Then both visual commands are listed, and explain gives the lecture's loss from the real engine
        assertThat(help.out()).contains("explain", "playground");
        assertThat(explain.code()).isEqualTo(0);
        Map<?, ?> json = (Map<?, ?>) Json.parse(explain.out());
        assertThat((Double) json.get("loss")).isCloseTo(1.201009889, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** Writes the first {@code trainRows} rows of the bundled wine table to one file and the rest to another. */
    private Path[] wineFiles(int trainRows) throws IOException {
        List<String> lines;
        try (InputStream in = CliTest.class.getResourceAsStream("/tables/wine.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Path train = dir.resolve("wine-train.csv");
        Path test = dir.resolve("wine-test.csv");
        Files.writeString(train, String.join("\n", lines.subList(0, trainRows + 1)) + "\n");
        Files.writeString(test, lines.get(0) + "\n" + String.join("\n", lines.subList(trainRows + 1, lines.size())) + "\n");
        return new Path[] {train, test};
    }

    @Test
    void trainMeasuresOnASeparateTestFile() throws IOException {
        // Given the wine table cut into 150 training rows and 28 test rows
        Path[] f = wineFiles(150);

        // When it trains on the first with the second as the test set
        Run text = run("train", "--data", f[0].toString(), "--test-data", f[1].toString(), "--layers", "8", "--epochs", "2",
                "--threads", "1", "--progress", "none", "--out", dir.resolve("w.json").toString());
        Run json = run("train", "--data", f[0].toString(), "--test-data", f[1].toString(), "--layers", "8", "--epochs", "2",
                "--threads", "1", "--progress", "none", "--json", "--out", dir.resolve("w.json").toString());

        // Then all 150 rows train (too few for a validation split) and the 28 of the file are the test set
        assertThat(text.code()).as(text.err()).isEqualTo(0);
        String[] lines = text.out().split("\n");
        assertThat(lines[0]).isEqualTo("data     " + f[0] + ": 150 rows, 13 features, 3 classes (classification) + test file "
                + f[1] + ": 28 rows");
        assertThat(lines[3]).isEqualTo("split    150 train / no validation / 28 test");
        Map<?, ?> m = (Map<?, ?>) Json.parse(json.out());
        assertThat(((Map<?, ?>) m.get("split")).get("test")).isEqualTo(28L);
        assertThat(((Map<?, ?>) m.get("test")).get("count")).isEqualTo(28L);
        assertThat(((Map<?, ?>) m.get("settings")).get("validationFraction")).isEqualTo(0.0);
    }

    @Test
    void aTestFileThatDoesNotMatchIsOneLine() throws IOException {
        Path[] f = wineFiles(150);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "alcohol,cultivar\n13.2,cultivar_1\n");
        Run r = run("train", "--data", f[0].toString(), "--test-data", bad.toString(), "--progress", "none");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("error: " + bad);
        Run both = run("train", "--data", f[0].toString(), "--test-data", f[1].toString(), "--folds", "3");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: --folds and --test-data exclude each other: cross-validation makes its "
                + "own test sets\n");
    }

    @Test
    void foldsPrintEachFoldAndTheMeanAndStandardDeviation() {
        // When Iris is cross-validated over 3 folds
        Run r = run("train", "--data", "builtin:iris", "--folds", "3", "--layers", "8", "--epochs", "2", "--threads", "1",
                "--progress", "none");

        // Then each fold tested a stratified third, and the summary is their mean ± standard deviation
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        String[] lines = r.out().split("\n");
        assertThat(lines[2]).startsWith("training adam (lr 0.001), cross-entropy loss, batch 32, 2 epochs");
        double[] acc = new double[3];
        for (int i = 0; i < 3; i++) {
            assertThat(lines[3 + i]).matches("fold " + (i + 1) + "   accuracy \\d\\.\\d{4}  \\(100 train, 50 test; ran all 2 epochs\\)");
            acc[i] = Double.parseDouble(lines[3 + i].substring(18, 24));
        }
        double mean = (acc[0] + acc[1] + acc[2]) / 3;
        double std = Math.sqrt(((acc[0] - mean) * (acc[0] - mean) + (acc[1] - mean) * (acc[1] - mean)
                + (acc[2] - mean) * (acc[2] - mean)) / 2);
        assertThat(lines[6]).isEqualTo(String.format(java.util.Locale.ROOT,
                "cv       accuracy %.4f ± %.4f over 3 folds (worst %.4f)", mean, std, Math.min(acc[0], Math.min(acc[1], acc[2]))));
        assertThat(lines[7]).isEqualTo("         (no model saved: cross-validation measures the settings; train without "
                + "--folds to save one)");
        assertThat(lines).hasSize(8);
        assertThat(Files.exists(dir.resolve("backprop-model.json"))).isFalse();
    }

    @Test
    void foldsInJson() {
        Run r = run("train", "--data", "builtin:sine", "--folds", "4", "--layers", "8", "--epochs", "2", "--threads", "1",
                "--progress", "none", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        Map<?, ?> cv = (Map<?, ?>) ((Map<?, ?>) Json.parse(r.out())).get("crossValidation");
        assertThat(cv.get("metric")).isEqualTo("r2");
        assertThat(cv.get("folds")).isEqualTo(4L);
        List<?> perFold = (List<?>) cv.get("perFold");
        assertThat(perFold).hasSize(4);
        double sum = 0;
        for (Object o : perFold) {
            Map<?, ?> f = (Map<?, ?>) o;
            assertThat(f.get("testRows")).isEqualTo(250L);
            assertThat(f.get("trainRows")).isEqualTo(750L);
            sum += (Double) f.get("r2");
        }
        assertThat((Double) cv.get("mean")).isCloseTo(sum / 4, org.assertj.core.api.Assertions.within(1e-12));
        assertThat((Double) cv.get("std")).isNotNegative();
        Run bad = run("train", "--data", "builtin:sine", "--folds", "1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --folds must be at least 2, got 1\n");
    }

    @Test
    void predictRegressionToStandardOutput() {
        Path model = dir.resolve("sine.json");
        assertThat(run("train", "--data", "builtin:sine", "--layers", "4", "--epochs", "1", "--progress", "none", "--out",
                model.toString()).code()).isEqualTo(0);
        Run r = run("predict", "--model", model.toString(), "--data", "builtin:sine");
        assertThat(r.code()).isEqualTo(0);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("predicted_y");
        assertThat(lines).hasSize(1001);
        assertThat(lines[1]).matches("-?\\d+\\.\\d+(E-?\\d+)?");
    }
}
