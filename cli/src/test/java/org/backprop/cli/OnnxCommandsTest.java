package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.backprop.io.ModelFile;
import org.backprop.model.TrainedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backprop export} and {@code backprop import}: exact output, exit codes, nothing written on failure. */
class OnnxCommandsTest {
    @TempDir
    Path dir;
    private Path model;

    @BeforeEach
    void trainedModel() {
        model = dir.resolve("iris.json");
        CliTest.Run r = CliTest.run("train", "--data", "builtin:iris", "--layers", "8", "--epochs", "2", "--threads", "1",
                "--progress", "none", "--out", model.toString());
        assertThat(r.code()).isEqualTo(0);
    }

    @Test
    void exportThenImportGivesTheSameModel() throws IOException {
        // When a model is exported to ONNX and imported back
        Path onnx = dir.resolve("iris.onnx");
        Path back = dir.resolve("back.json");
        CliTest.Run e = CliTest.run("export", "--model", model.toString(), "--out", onnx.toString());
        CliTest.Run i = CliTest.run("import", onnx.toString(), "--out", back.toString());

        // Then both say what they did
        assertThat(e.code()).isEqualTo(0);
        assertThat(e.err()).isEmpty();
        assertThat(e.out().split("\n")).containsExactly(
                "exported " + model + " → " + onnx + "  (ONNX opset 17)",
                "network  4 → 8 relu → 3 softmax  (67 parameters), scaling standard",
                "input    features [N, 4]  (raw features: sepal_length, sepal_width, petal_length, petal_width)",
                "outputs  probabilities [N, 3], label [N]  (classes: setosa, versicolor, virginica)");
        assertThat(i.code()).isEqualTo(0);
        assertThat(i.err()).isEmpty();
        TrainedModel original = ModelFile.read(model);
        TrainedModel imported = ModelFile.read(back);
        assertThat(i.out().split("\n")).containsExactly(
                "imported " + onnx + "  (backprop " + original.provenance().libraryVersion() + ", opset 17)",
                "network  4 → 8 relu → 3 softmax  (67 parameters), scaling standard",
                "task     classification into 3 classes: setosa, versicolor, virginica",
                "saved    " + back + "  (weightsSha256 " + original.weightsSha256().substring(0, 16) + "…)");

        // And the imported model file predicts exactly as the original
        assertThat(imported.weightsSha256()).isEqualTo(original.weightsSha256());
        CliTest.Run p1 = CliTest.run("predict", "--model", model.toString(), "--data", "builtin:iris");
        CliTest.Run p2 = CliTest.run("predict", "--model", back.toString(), "--data", "builtin:iris");
        assertThat(p2.code()).isEqualTo(0);
        assertThat(p2.out()).isEqualTo(p1.out());
    }

    @Test
    void anImportedModelIsFineTunedWithInit() {
        // Given a model that went out to ONNX and came back
        Path onnx = dir.resolve("iris.onnx");
        Path imported = dir.resolve("imported.json");
        assertThat(CliTest.run("export", "--model", model.toString(), "--out", onnx.toString()).code()).isEqualTo(0);
        assertThat(CliTest.run("import", onnx.toString(), "--out", imported.toString()).code()).isEqualTo(0);

        // When training starts from it
        Path tuned = dir.resolve("tuned.json");
        CliTest.Run r = CliTest.run("train", "--data", "builtin:iris", "--init", imported.toString(), "--epochs", "2",
                "--threads", "1", "--progress", "none", "--out", tuned.toString());

        // Then it trains its network from its weights
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().split("\n")[1]).isEqualTo("network  4 → 8 relu → 3 softmax  (67 parameters), weights from "
                + imported + ", scaling standard");
        assertThat(tuned).exists();

        // And data it does not fit is refused, naming what differs, with nothing written
        Path none = dir.resolve("none.json");
        CliTest.Run bad = CliTest.run("train", "--data", "builtin:digits", "--init", imported.toString(), "--epochs", "1",
                "--progress", "none", "--out", none.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: --init " + imported + ": the initial model does not fit the data: the model "
                + "takes 4 features, the data has 64; the model's classes (setosa, versicolor, virginica) are not the data's "
                + "(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)\n");
        assertThat(none).doesNotExist();
    }

    @Test
    void exportNeedsAnOnnxFileName() {
        CliTest.Run r = CliTest.run("export", "--model", model.toString(), "--out", dir.resolve("m.pb").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --out " + dir.resolve("m.pb") + ": the export format comes from the extension");
        CliTest.Run opset = CliTest.run("export", "--model", model.toString(), "--out", dir.resolve("m.onnx").toString(),
                "--opset", "9");
        assertThat(opset.code()).isEqualTo(2);
        assertThat(opset.err()).startsWith("error: --opset 9: expected 13 … 21");
        assertThat(dir.resolve("m.onnx")).doesNotExist();
    }

    @Test
    void badFilesGiveOneLineAndWriteNothing() throws IOException {
        // Given an existing output file that must survive a failed import
        Path out = dir.resolve("out.json");
        Files.writeString(out, "keep");

        // A JSON file is not ONNX
        CliTest.Run notOnnx = CliTest.run("import", model.toString(), "--out", out.toString());
        assertThat(notOnnx.code()).isEqualTo(1);
        assertThat(notOnnx.err()).startsWith("error: " + model + ": not an ONNX model").endsWith("\n");
        assertThat(notOnnx.err().lines().count()).isEqualTo(1);

        // A truncated export
        Path onnx = dir.resolve("iris.onnx");
        assertThat(CliTest.run("export", "--model", model.toString(), "--out", onnx.toString()).code()).isEqualTo(0);
        byte[] whole = Files.readAllBytes(onnx);
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
        CliTest.Run truncated = CliTest.run("import", cut.toString(), "--out", out.toString());
        assertThat(truncated.code()).isEqualTo(1);
        assertThat(truncated.err()).startsWith("error: " + cut + ": not an ONNX model, or truncated");
        assertThat(truncated.err().lines().count()).isEqualTo(1);

        // An operator Backprop does not have: named with its node
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.parseFrom(whole).toBuilder();
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        for (int k = 0; k < g.getNodeCount(); k++) {
            if (g.getNode(k).getOpType().equals("Relu")) {
                g.setNode(k, g.getNode(k).toBuilder().setOpType("Conv").setName("conv_1"));
            }
        }
        Path conv = dir.resolve("conv.onnx");
        Files.write(conv, m.build().toByteArray());
        CliTest.Run unsupported = CliTest.run("import", conv.toString(), "--out", out.toString());
        assertThat(unsupported.code()).isEqualTo(1);
        assertThat(unsupported.err()).startsWith("error: " + conv + ": node 'conv_1' (Conv): operator Conv is not supported;");
        assertThat(unsupported.err().lines().count()).isEqualTo(1);

        // A missing file
        CliTest.Run missing = CliTest.run("import", dir.resolve("nope.onnx").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("nope.onnx") + ": no such ONNX file\n");

        // Then the output was never touched
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("keep");
    }
}
