package org.backprop.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.model.TrainedModel;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.backprop.train.Training;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private static TrainingResult blobs;

    @BeforeAll
    static void train() {
        Dataset d = BuiltinDataset.BLOBS.load(new Rng(1));
        blobs = Training.run(d, null, TrainingSettings.defaults().withLayers("8").withEpochs(3).withThreads(1), List.of());
    }

    @Test
    void roundTripKeepsEverything(@TempDir Path dir) throws IOException {
        // Given a trained model saved to a file
        Path f = dir.resolve("m.json");
        ModelFile.write(blobs.model(), f);

        // When it is read back
        TrainedModel back = ModelFile.read(f);

        // Then weights, preprocessing, labels and provenance are the same, and so are the predictions
        assertThat(back.weightsSha256()).isEqualTo(blobs.model().weightsSha256());
        assertThat(back.scaler()).isEqualTo(blobs.model().scaler());
        assertThat(back.classNames()).containsExactly("0", "1", "2");
        assertThat(back.featureNames()).containsExactly("x1", "x2");
        assertThat(back.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(back.provenance()).isEqualTo(blobs.model().provenance());
        Tensor x = blobs.split().test().features();
        assertThat(back.predict(x)).isEqualTo(blobs.model().predict(x));
        // and nothing but the model is left in the directory (the temporary file was renamed)
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) throws IOException {
        // Given a model file with a changed task, a missing feature list and a corrupted weight
        String json = ModelFile.toJson(blobs.model())
                .replace("\"task\": \"classification\"", "\"task\": \"ranking\"")
                .replace("\"names\": [\"x1\", \"x2\"],", "")
                .replaceFirst("\"data\": \"[A-Za-z0-9+/]{4}", "\"data\": \"AAAA");

        // When it is loaded / Then one exception lists every problem, by name
        assertThatThrownBy(() -> ModelFile.fromJson(json, "bad.json"))
                .isInstanceOf(ModelFileException.class)
                .satisfies(e -> assertThat(((ModelFileException) e).problems()).anySatisfy(p -> assertThat(p).startsWith("checksum: "))
                        .anySatisfy(p -> assertThat(p).startsWith("task: unknown task 'ranking'"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("features.names: missing"))
                        .anySatisfy(p -> assertThat(p).startsWith("weights.sha256: the weights hash to")))
                .hasMessageStartingWith("bad.json: not a valid model file (4 problems): ");
    }

    @Test
    void wrongShapesAreNamed() {
        String json = ModelFile.toJson(blobs.model()).replace("\"spec\": \"8 relu, 3 softmax\"", "\"spec\": \"9 relu, 3 softmax\"");
        assertThatThrownBy(() -> ModelFile.fromJson(json, "m.json"))
                .hasMessageContaining("weights: layers.0.weight: expected shape [9, 2], got [8, 2]");
    }

    @Test
    void aNewerFormatVersionIsRefusedWithAReason() {
        String json = ModelFile.toJson(blobs.model()).replace("\"formatVersion\": 1", "\"formatVersion\": 2");
        assertThatThrownBy(() -> ModelFile.fromJson(json, "m.json")).hasMessage("m.json: not a valid model file (1 problem): "
                + "formatVersion: 2 is not supported (this version reads 1 … 1; the file was written by a newer Backprop)");
        assertThatThrownBy(() -> ModelFile.fromJson("[1]", "m.json")).hasMessageEndingWith("expected a JSON object at the top");
        assertThatThrownBy(() -> ModelFile.fromJson("{\"format\": ", "m.json")).hasMessageContaining("not JSON");
    }

    @Test
    void theFrozenVersionOneSampleStillLoadsAndPredicts() throws IOException {
        // Given the version-1 model file frozen in the test resources (Iris, 4 → 8 relu → 3 softmax)
        String json;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/models/iris-v1.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // When it is loaded
        TrainedModel m = ModelFile.fromJson(json, "iris-v1.json");

        // Then it is what was saved and predicts what it predicted then
        assertThat(m.weightsSha256()).isEqualTo("46841d22ea6d0e3232259dd592eb3e1af9c88d0a1c1b49d60930d00355a4164f");
        assertThat(m.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(m.scaler().kind()).isEqualTo(Scaling.STANDARD);
        assertThat(m.provenance().seed()).isEqualTo(42);
        Tensor p = m.predict(Tensor.matrix(DType.FLOAT32, new double[][] {{5.1, 3.5, 1.4, 0.2}, {6.4, 3.2, 4.5, 1.5},
            {6.3, 3.3, 6.0, 2.5}}));
        double[][] expected = {{0.9989938139915466, 9.202459477819502E-4, 8.591978985350579E-5},
            {0.027049798518419266, 0.8413422107696533, 0.13160797953605652},
            {5.5345949476759415E-6, 5.998470587655902E-4, 0.9993945956230164}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(p.get(i, j)).as("row %d class %d", i, j).isCloseTo(expected[i][j], within(1e-5));
            }
        }
    }

    @Test
    void aSpecAskingForAHugeNetworkIsRefusedBeforeAllocating() {
        // Given a model whose spec asks for 46000×46000 layers (8 GB of weights) but holds the small weights
        String json = ModelFile.toJson(blobs.model()).replace("\"spec\": \"8 relu, 3 softmax\"",
                "\"spec\": \"46000 relu, 46000 relu, 3 softmax\"");

        // When / Then it is refused from the sizes, with no OutOfMemoryError
        assertThatThrownBy(() -> ModelFile.fromJson(json, "m.json")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("architecture: the spec needs 2116322003 parameters for 2 inputs, but the weights hold only 51 values");
    }

    @Test
    void damagedFilesGiveOneLineNotACrash(@TempDir Path dir) throws IOException {
        // deep nesting
        Path deep = dir.resolve("deep.json");
        Files.writeString(deep, "{\"a\":" + "[".repeat(200_000));
        assertThatThrownBy(() -> ModelFile.read(deep)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not JSON: JSON line 1, column 69: nested deeper than 64");
        // not UTF-8
        Path latin = dir.resolve("latin.json");
        Files.write(latin, new byte[] {'{', '"', (byte) 0xe9, '"', ':', '1', '}'});
        assertThatThrownBy(() -> ModelFile.read(latin)).isInstanceOf(ModelFileException.class)
                .hasMessage(latin + ": not a valid model file (1 problem): not UTF-8 text (a model file is UTF-8 JSON)");
        // a zero or enormous dimension in a shape
        String zero = ModelFile.toJson(blobs.model()).replace("\"shape\": [8, 2]", "\"shape\": [0, 2]");
        assertThatThrownBy(() -> ModelFile.fromJson(zero, "z.json")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("weights 'layers.0.weight'.shape: expected positive whole numbers, got [0, 2]");
        String huge = ModelFile.toJson(blobs.model()).replace("\"shape\": [8, 2]", "\"shape\": [2000000000, 2000000000]");
        assertThatThrownBy(() -> ModelFile.fromJson(huge, "h.json")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("weights 'layers.0.weight'.shape: more than 2147483639 elements");
    }
}
