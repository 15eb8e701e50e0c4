package org.backprop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.backprop.data.Task;
import org.backprop.tensor.Tensor;
import org.backprop.model.TrainedModel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Export then import gives the same model: the same spec, names, scaler, identical predictions and
 * the same weightsSha256 — and ONNX Runtime agrees with Backprop on every activation.
 */
class OnnxRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} ({1}, opset {2})")
    @CsvSource(delimiter = ';', value = {
        "16 relu, dropout 0.25, 8 tanh, 3 softmax; classification; 17",
        "12 sigmoid, 4 log_softmax; classification; 13",
        "12 leaky_relu(0.123456789), 5 identity; classification; 17",
        "10 elu(0.3), 6 softplus, 3 sigmoid; classification; 21",
        "dropout 0.1, 9 gelu, 2 identity; regression; 13",
        "9 gelu, 7 relu, 3 tanh; regression; 20",
        "1 identity; regression; 17",
    })
    void exportImportGivesTheSameModel(String spec, String task, int opset) throws Exception {
        // Given a model with a standard scaler
        TrainedModel model = Models.model(spec, 5, Task.parse(task), 3);
        Tensor x = Models.rows(64, 5, 9);
        Path file = dir.resolve("m.onnx");

        // When it is exported and imported again
        OnnxExporter.write(model, file, opset);
        TrainedModel back = OnnxImporter.read(file, OnnxImporter.Options.defaults());

        // Then everything that defines it is the same, and its predictions are identical
        assertThat(back.network().spec()).isEqualTo(model.network().spec());
        assertThat(back.weightsSha256()).isEqualTo(model.weightsSha256());
        assertThat(back.scaler()).isEqualTo(model.scaler());
        assertThat(back.featureNames()).isEqualTo(model.featureNames());
        assertThat(back.classNames()).isEqualTo(model.classNames());
        assertThat(back.task()).isEqualTo(model.task());
        assertThat(back.lossName()).isEqualTo(model.lossName());
        assertThat(back.targetName()).isEqualTo(model.targetName());
        assertThat(back.provenance().datasetName()).isEqualTo("test data");
        assertThat(back.provenance().settings()).containsEntry("importedFrom", "m.onnx");
        assertThat(back.predict(x).toFloatArray()).isEqualTo(model.predict(x).toFloatArray());

        // And ONNX Runtime computes Backprop's predictions from the same file (random weights: some
        // outputs are near-cancelling sums, hence the 1e-6 absolute floor)
        Map<String, Object> out = Ort.run(Files.readAllBytes(file), OnnxExporter.INPUT, x);
        String output = model.task() == Task.CLASSIFICATION ? OnnxExporter.PROBABILITIES : OnnxExporter.VALUES;
        Close.assertRows((float[][]) out.get(output), model.predict(x).toFloatArray(), model.network().outputs(),
                OnnxRuntimeTest.TOL, 1e-6, spec);
    }
}
