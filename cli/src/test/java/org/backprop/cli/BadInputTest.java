package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backprop.cli.CliTest.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs and clashing paths, as a careful user and an attacker would try them: each gets one
 * line naming what and where, the right exit code, and never a stack trace or a lost file.
 */
class BadInputTest {
    @TempDir
    Path dir;
    private Path irisModel;

    private static Run run(String... args) {
        return CliTest.run(args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void frozenModel() throws IOException {
        irisModel = dir.resolve("iris-v1.json");
        try (InputStream in = BadInputTest.class.getResourceAsStream("/iris-v1.json")) {
            Files.write(irisModel, in.readAllBytes());
        }
    }

    // ------------------------------------------------------------- silent wrong results

    @Test
    void repeatedHeaderNamesAreRefusedInTrainAndPredict() throws IOException {
        Path csv = file("dup.csv", "a,a,label\n1,2,x\n3,4,y\n");
        Run train = run("train", "--data", csv.toString(), "--progress", "none", "--out", p("m.json"));
        assertThat(train.code()).isEqualTo(1);
        assertThat(train.err()).isEqualTo("error: " + csv + " line 1, column 'a' (2): repeated column name (also column 1); "
                + "every column needs its own name\n");
        assertThat(dir.resolve("m.json")).doesNotExist();

        Path labelTwice = file("xyy.csv", "x,y,y\n1,2,3\n");
        Run t2 = run("train", "--data", labelTwice.toString(), "--label", "y", "--progress", "none", "--out", p("m.json"));
        assertThat(t2.code()).isEqualTo(1);
        assertThat(t2.err()).startsWith("error: " + labelTwice + " line 1, column 'y' (3): repeated column name");

        Path predictCsv = file("dupfeat.csv", "sepal_length,sepal_width,petal_length,petal_width,petal_width\n1,2,3,4,5\n");
        Run predict = run("predict", "--model", irisModel.toString(), "--data", predictCsv.toString());
        assertThat(predict.code()).isEqualTo(1);
        assertThat(predict.err()).startsWith("error: " + predictCsv + " line 1, column 'petal_width' (5): repeated column name");
    }

    @Test
    void valuesBeyondFloat32AreRefusedInTrainAndPredict() throws IOException {
        Path csv = file("big.csv", "a,b,label\n1,2,x\n3,1e39,y\n");
        Run train = run("train", "--data", csv.toString(), "--progress", "none", "--out", p("m.json"));
        assertThat(train.code()).isEqualTo(1);
        assertThat(train.err()).startsWith("error: " + csv + " line 3, column 'b' (2): '1e39' is beyond the range of float32");

        Path rows = file("rows.csv", "sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n5,6,-1e39,8\n");
        Run predict = run("predict", "--model", irisModel.toString(), "--data", rows.toString());
        assertThat(predict.code()).isEqualTo(1);
        assertThat(predict.out()).isEmpty();
        assertThat(predict.err()).startsWith("error: " + rows + " line 3, column 'petal_length' (3): '-1e39' is beyond the range");
    }

    // ------------------------------------------------------------- lost output

    @Test
    void clashingPathsAreRefusedBeforeAnyWork() throws IOException {
        // --report equal to --out: the old model is kept, nothing is trained
        Path model = file("model.json", "old model");
        Run r = run("train", "--data", "builtin:xor", "--progress", "none", "--out", model.toString(), "--report", model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --report and --out are the same path (" + model + ")");
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(model)).isEqualTo("old model");

        // --plots equal to --out, even spelled differently
        Run plots = run("train", "--data", "builtin:xor", "--progress", "none", "--out", model.toString(),
                "--plots", dir.resolve("sub/../model.json").toString());
        assertThat(plots.code()).isEqualTo(2);
        assertThat(plots.err()).contains("--plots and --out are the same path");

        // --out equal to --data, in train and in predict: the data is kept
        Path data = file("data.csv", "a,b,label\n1,2,x\n3,4,y\n");
        Run train = run("train", "--data", data.toString(), "--progress", "none", "--out", data.toString());
        assertThat(train.code()).isEqualTo(2);
        assertThat(train.err()).startsWith("error: --out " + data + " is the same file as --data " + data);
        Path rows = file("rows.csv", "sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n");
        Run predict = run("predict", "--model", irisModel.toString(), "--data", rows.toString(), "--out", rows.toString());
        assertThat(predict.code()).isEqualTo(2);
        assertThat(predict.err()).startsWith("error: --out " + rows + " is the same file as --data " + rows);
        Run overModel = run("predict", "--model", irisModel.toString(), "--data", rows.toString(), "--out", irisModel.toString());
        assertThat(overModel.code()).isEqualTo(2);
        assertThat(Files.readString(data)).isEqualTo("a,b,label\n1,2,x\n3,4,y\n");
        assertThat(Files.readString(rows)).startsWith("sepal_length");
    }

    @Test
    void anUnwritableOutputIsSaidInWordsBeforeTraining() throws IOException {
        Path aFile = file("notadir", "x");
        Run r = run("train", "--data", "builtin:xor", "--progress", "none", "--out", aFile.resolve("m.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty(); // not a line of training
        assertThat(r.err()).isEqualTo("error: --out " + aFile.resolve("m.json") + ": cannot write there: " + aFile
                + " is a file, not a directory\n");

        Run dirAsOut = run("train", "--data", "builtin:xor", "--progress", "none", "--out", dir.toString());
        assertThat(dirAsOut.code()).isEqualTo(1);
        assertThat(dirAsOut.err()).isEqualTo("error: --out " + dir + ": cannot write there: it is a directory; give a file name\n");

        Run plotsOnFile = run("train", "--data", "builtin:xor", "--progress", "none", "--out", p("m.json"),
                "--plots", aFile.toString());
        assertThat(plotsOnFile.code()).isEqualTo(1);
        assertThat(plotsOnFile.err()).isEqualTo("error: --plots " + aFile + ": cannot write there: it is a file, not a directory\n");
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    @Test
    void plotsFailingAfterTheModelIsSavedIsAWarningNotAFailedRun() throws IOException {
        // Given a plot directory where a plot's file name is taken by a directory (writable, but the write fails)
        Path plots = dir.resolve("plots");
        Files.createDirectories(plots.resolve("loss.png"));
        Path model = dir.resolve("m.json");
        Path report = dir.resolve("report.html");

        // When training writes the model, the report and the plots
        Run r = run("train", "--data", "builtin:xor", "--layers", "4", "--epochs", "1", "--progress", "none",
                "--out", model.toString(), "--report", report.toString(), "--plots", plots.toString());

        // Then the run succeeds, the model and the report are written, and the plots' failure is said in one line
        assertThat(r.code()).isEqualTo(0);
        assertThat(model).exists();
        assertThat(report).exists();
        assertThat(r.out()).contains("saved    " + model);
        assertThat(r.err()).startsWith("warning: --plots " + plots + " could not be written (")
                .endsWith("; the model was saved to " + model + "\n");
    }

    // ------------------------------------------------------------- crashes

    @Test
    void aNetworkTooLargeForMemoryIsAUsageErrorWithItsSize() {
        Run r = run("train", "--data", "builtin:xor", "--layers", "46000,46000", "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --layers 46000,46000: the network (2 → 46000 relu → 46000 relu → 2 softmax) "
                + "has 2,116,276,002 parameters; training needs about 42.3 GB for weights, gradients and optimiser state");
    }

    @Test
    void anIdxHeaderPromisingBillionsOfImagesInSixteenBytesIsRefused() throws IOException {
        Path idx = Files.createDirectories(dir.resolve("mnist"));
        byte[] header = idxHeader(3, Integer.MAX_VALUE - 9, 1, 1);
        for (String name : List.of("train-images-idx3-ubyte", "t10k-images-idx3-ubyte")) {
            Files.write(idx.resolve(name), header);
        }
        for (String name : List.of("train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(idx.resolve(name), idxHeader(1, 1));
        }
        Run r = run("train", "--data", idx.toString(), "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: " + idx.resolve("train-images-idx3-ubyte") + ": the header promises 2147483638 "
                + "data bytes but the file has 0 after its 16-byte header (truncated?)\n");
    }

    private static byte[] idxHeader(int rank, int... dims) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(0x0800 | rank);
        for (int d : dims) {
            out.writeInt(d);
        }
        if (rank == 1) {
            out.write(new byte[dims[0]]);
        }
        return b.toByteArray();
    }

    @Test
    void devZeroIsRefusedWithoutFillingMemory() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        Run r = run("train", "--data", "/dev/zero", "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: /dev/zero line 1: line longer than");
    }

    @Test
    void deeplyNestedJsonIsAnErrorInEveryParser() throws IOException {
        Path deep = file("deep.json", "[".repeat(500_000));
        Run model = run("inspect", "--model", deep.toString());
        assertThat(model.code()).isEqualTo(1);
        assertThat(model.err()).contains("nested deeper than 64");
        Run explain = run("explain", "--network", deep.toString());
        assertThat(explain.code()).isEqualTo(1);
        assertThat(explain.err()).contains("nested deeper than 64");
    }

    @Test
    void explainHasDocumentedLimits() throws IOException {
        Run steps = run("explain", "--steps", "100000000");
        assertThat(steps.code()).isEqualTo(2);
        assertThat(steps.err()).startsWith("error: --steps: expected 1 to 100000, got 100000000");

        // a 100 × 100 layer: 10 100 weights and biases, over the 4096 explain writes out
        StringBuilder w = new StringBuilder();
        for (int j = 0; j < 100; j++) {
            w.append(j == 0 ? "" : ",").append("[").append("0.1,".repeat(99)).append("0.1]");
        }
        Path net = file("wide.json", "{\"input\": [" + "0.5,".repeat(99) + "0.5], \"target\": [0.1], \"loss\": \"mse\", "
                + "\"learningRate\": 0.5, \"layers\": [{\"activation\": \"sigmoid\", \"weights\": [" + w + "], \"biases\": ["
                + "0,".repeat(99) + "0]}, {\"activation\": \"identity\", \"weights\": [[" + "0.1,".repeat(99) + "0.1]], "
                + "\"biases\": [0]}]}");
        Run wide = run("explain", "--network", net.toString());
        assertThat(wide.code()).isEqualTo(1);
        assertThat(wide.err()).isEqualTo("error: " + net + ": layers: 10201 weights and biases; explain writes out every "
                + "one and takes at most 4096 (use train for larger networks)\n");
    }

    // ------------------------------------------------------------- should be better

    @Test
    void aLossThatCannotFitTheTaskIsAUsageErrorBeforeTraining() throws IOException {
        Path csv = file("reg.csv", "x,y\n1,0.5\n2,1.5\n3,2.25\n4,0.125\n");
        Run r = run("train", "--data", csv.toString(), "--loss", "cross-entropy", "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: --loss cross-entropy needs class labels, but this data is for regression");
        Run logits = run("train", "--data", "builtin:xor", "--layers", "4 relu, 2 identity", "--loss", "cross-entropy",
                "--progress", "none", "--out", p("m.json"));
        assertThat(logits.code()).isEqualTo(2);
        assertThat(logits.err()).startsWith("error: --loss cross-entropy reads probabilities from a softmax output layer");
    }

    @Test
    void earlyStoppingWithoutValidationStopsOnTheTrainingLossAndSaysSo() {
        // Without validation rows there is no validation loss to watch: training stops once the
        // training loss has converged (here at once: a rate of 1e-6 barely moves it), and says so.
        Run r = run("train", "--data", "builtin:xor", "--layers", "4", "--validation", "0", "--early-stopping", "1",
                "--lr", "1e-6", "--epochs", "50", "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("end      stopped after epoch 2: the training loss has not improved by more than")
                .contains("(no validation rows to stop on)");
    }

    @Test
    void threadsAreCappedAtTheProcessorsWithANote() {
        int processors = Runtime.getRuntime().availableProcessors();
        Run r = run("train", "--data", "builtin:xor", "--layers", "4", "--epochs", "1", "--threads", "1000",
                "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).startsWith("note: --threads 1000 is more than the " + processors + " processors; using " + processors);
        assertThat(r.out()).contains(", " + processors + " thread");
    }

    @Test
    void tinyDataTrainsWithAWarning() throws IOException {
        Path oneRow = file("one.csv", "a,b,label\n1,2,x\n");
        Run r = run("train", "--data", oneRow.toString(), "--layers", "4", "--epochs", "1", "--progress", "none", "--out", p("1.json"));
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).contains("warning: " + oneRow + ": only 1 row: the validation and test splits get few or none")
                .contains("warning: " + oneRow + ": every row has the same class ('x')");

        Path perClass = file("pc.csv", "a,b,label\n1,2,x\n3,4,y\n5,6,z\n");
        Run pc = run("train", "--data", perClass.toString(), "--layers", "4", "--epochs", "1", "--progress", "none", "--out", p("2.json"));
        assertThat(pc.code()).isEqualTo(0);
        assertThat(pc.err()).contains("warning: " + perClass + ": 3 classes (x, y, z) have a single row");
    }

    @Test
    void theSameMismatchHasTheSameExitCodeInPredictAndEvaluate() {
        // iris has 4 features, xor 2; sine is regression
        for (String data : List.of("builtin:xor", "builtin:sine")) {
            Run predict = run("predict", "--model", irisModel.toString(), "--data", data);
            Run evaluate = run("evaluate", "--model", irisModel.toString(), "--data", data);
            assertThat(predict.code()).as(data).isEqualTo(1);
            assertThat(evaluate.code()).as(data).isEqualTo(1);
            assertThat(evaluate.err()).startsWith("error: " + data + ": ");
        }
    }

    @Test
    void theErrorIsTheFirstLineARunPrints() throws IOException {
        Path bad = file("bad.csv", "a,label\nx,1\n");
        Run r = run("train", "--data", bad.toString(), "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: " + bad + " line 2, column 'a' (1): 'x' is not a number\n");
    }

    @Test
    void aHugeFieldIsNotEchoed() throws IOException {
        Path csv = file("huge.csv", "a,label\n" + "9".repeat(5_000_000) + "x,1\n2,0\n");
        Run r = run("train", "--data", csv.toString(), "--progress", "none", "--out", p("m.json"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().length()).isLessThan(1000);
        assertThat(r.err()).contains("… (5000001 characters)' is not a number");
    }

    // ------------------------------------------------------------- no stack trace anywhere

    @Test
    void noCommandEndsInAStackTrace() throws IOException {
        Path deep = file("deep.json", "{\"a\":" + "[".repeat(100_000));
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "a,label\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Path empty = file("empty.csv", "");
        Path headerOnly = file("header.csv", "sepal_length,sepal_width,petal_length,petal_width\n");
        Path notJson = file("not.json", "{\"format\": \"backprop-model\", ");
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Path ragged = file("ragged.csv", "a,b,label\n1,2\n");
        Path quote = file("quote.csv", "a,label\n\"1,2\n");
        List<String[]> cases = new ArrayList<>();
        for (Path data : List.of(deep, latin1, empty, headerOnly, ragged, quote, dir)) {
            cases.add(new String[] {"train", "--data", data.toString(), "--progress", "none", "--out", p("m.json")});
            cases.add(new String[] {"predict", "--model", irisModel.toString(), "--data", data.toString()});
            cases.add(new String[] {"evaluate", "--model", irisModel.toString(), "--data", data.toString()});
        }
        for (Path model : List.of(deep, notJson, binary, empty, latin1, dir, dir.resolve("missing.json"))) {
            cases.add(new String[] {"inspect", "--model", model.toString()});
            cases.add(new String[] {"evaluate", "--model", model.toString(), "--data", "builtin:iris"});
            cases.add(new String[] {"predict", "--model", model.toString(), "--data", "builtin:iris"});
            cases.add(new String[] {"explain", "--network", model.toString()});
        }
        cases.add(new String[] {"train", "--layers", "1000000000"});
        cases.add(new String[] {"train", "--layers", "-3"});
        cases.add(new String[] {"train", "--layers", "8 frobnicate"});
        cases.add(new String[] {"train", "--batch", "abc"});
        cases.add(new String[] {"train", "--data", "builtin:nope"});
        cases.add(new String[] {"train", "--task", "ranking"});
        cases.add(new String[] {"train", "--lr", "NaN"});
        cases.add(new String[] {"train", "--optimizer", "magic"});
        cases.add(new String[] {"explain", "--steps", "-1"});
        cases.add(new String[] {"explain", "--format", "pdf"});
        cases.add(new String[] {"playground", "--port", "70000"});
        cases.add(new String[] {"nosuchcommand"});
        for (String[] args : cases) {
            Run r = run(args);
            String all = r.out() + r.err();
            String what = String.join(" ", args);
            assertThat(r.code()).as(what).isIn(1, 2);
            assertThat(all).as(what).doesNotContain("Exception", "\tat ", "at org.", "at java.", "java.lang", "Error:");
            assertThat(r.err().length()).as(what).isLessThan(2500);
        }
    }
}
