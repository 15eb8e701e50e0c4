package org.backprop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.io.Json;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.model.TrainedModel;
import org.backprop.data.Dataset;
import org.backprop.model.Evaluation;
import org.backprop.train.Training;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files made by PyTorch ({@code tools/onnx-fixtures.py}: {@code torch.onnx.export} of small MLPs,
 * opsets 13 and 17) import and give PyTorch's outputs within 1e-5 relative.
 */
class OnnxPyTorchImportTest {
    private static final String DIR = "/onnx/pytorch/";
    /** The network each PyTorch module is (written by hand from the modules in the script). */
    private static final Map<String, String> SPECS = Map.ofEntries(
            Map.entry("relu_opset13", "8 relu, 3 identity"),
            Map.entry("relu_opset17", "8 relu, 3 identity"),
            Map.entry("tanh_opset13", "8 tanh, 4 tanh, 2 identity"),
            Map.entry("tanh_opset17", "8 tanh, 4 tanh, 2 identity"),
            Map.entry("sigmoid_flatten_dropout_opset13", "6 sigmoid, dropout 0.3, 3 softmax"),
            Map.entry("sigmoid_flatten_dropout_opset17", "6 sigmoid, dropout 0.3, 3 softmax"),
            Map.entry("relu_dropout_logsoftmax_opset17", "10 relu, dropout 0.2, 4 log_softmax"),
            Map.entry("gelu_leaky_elu_softplus_opset17", "8 gelu, 8 leaky_relu(0.1), 6 elu(0.7), 5 softplus, 2 identity"),
            Map.entry("gelu_opset13", "6 gelu, 1 identity"),
            Map.entry("scaled_softmax_opset13", "8 relu, 3 softmax"),
            Map.entry("matmul_add_opset17", "7 tanh, 2 identity"));

    static Stream<String> models() throws IOException {
        return Stream.of(text(DIR + "index.txt").split("\n")).filter(s -> !s.isBlank());
    }

    @ParameterizedTest
    @MethodSource("models")
    void importsAndMatchesPyTorch(String name) throws IOException {
        // Given a PyTorch export with its inputs and PyTorch's outputs
        Map<?, ?> fixture = (Map<?, ?>) Json.parse(text(DIR + name + ".json"));
        Tensor x = matrix((List<?>) fixture.get("input"));
        Tensor y = matrix((List<?>) fixture.get("output"));

        // When it is imported
        TrainedModel m = OnnxImporter.fromBytes(bytes(DIR + name + ".onnx"), name + ".onnx", OnnxImporter.Options.defaults());

        assertThat(m.network().spec()).hasToString(SPECS.get(name));
        // Then the network's output on the raw rows is PyTorch's
        Tensor out = m.network().predict(m.scaler().transform(x));
        assertThat(out.shape()).isEqualTo(y.shape());
        float[][] rows = new float[y.shape().dim(0)][];
        int cols = y.shape().cols();
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(out.toFloatArray(), i * cols, (i + 1) * cols);
        }
        Close.assertRows(rows, y.toFloatArray(), cols, OnnxRuntimeTest.TOL, name);
        assertThat(m.network().inputs()).isEqualTo(x.shape().cols());
        assertThat(m.task()).isEqualTo(SPECS.get(name).endsWith("softmax") ? Task.CLASSIFICATION : Task.REGRESSION);
        assertThat(m.scaler().kind()).isEqualTo(name.startsWith("scaled") ? Scaling.AFFINE : Scaling.NONE);
    }

    @Test
    void anImportedPyTorchModelCanBeFineTuned() throws IOException {
        // Given a PyTorch classifier (5 features, Sub/Div scaling, 3 classes) and data with another rule:
        // the class is the largest of the first three features
        TrainedModel imported = OnnxImporter.fromBytes(bytes(DIR + "scaled_softmax_opset13.onnx"), "scaled.onnx",
                OnnxImporter.Options.defaults());
        Tensor x = Models.rows(600, 5, 4);
        int[] labels = new int[600];
        float[] v = x.toFloatArray();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = v[i * 5] > v[i * 5 + 1] ? (v[i * 5] > v[i * 5 + 2] ? 0 : 2) : (v[i * 5 + 1] > v[i * 5 + 2] ? 1 : 2);
        }
        Dataset data = Dataset.classification("argmax", x, labels, imported.featureNames(), "target", imported.classNames());

        // When it is fine-tuned from its weights
        TrainingResult tuned = Training.run(data, null, TrainingSettings.defaults().withEpochs(40).withThreads(1)
                .withOptimizer("adam", 0.01), imported, List.of());

        // Then it keeps its network and scaling and learns the new rule
        double before = Evaluation.of(imported, tuned.split().test()).classification().accuracy();
        double after = tuned.test().classification().accuracy();
        assertThat(tuned.model().network().spec()).isEqualTo(imported.network().spec());
        assertThat(tuned.model().scaler()).isEqualTo(imported.scaler());
        assertThat(after).isGreaterThan(0.85).isGreaterThan(before + 0.3);
    }

    static Tensor matrix(List<?> rows) {
        int n = rows.size();
        int f = ((List<?>) rows.get(0)).size();
        float[] v = new float[n * f];
        for (int i = 0; i < n; i++) {
            List<?> row = (List<?>) rows.get(i);
            for (int j = 0; j < f; j++) {
                v[i * f + j] = ((Number) row.get(j)).floatValue();
            }
        }
        return Tensor.wrap(v, Shape.of(n, f));
    }

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = OnnxPyTorchImportTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }

    static String text(String resource) throws IOException {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

}
