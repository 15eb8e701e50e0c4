package org.backprop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.backprop.model.TrainedModel;
import org.backprop.train.Training;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;
import org.junit.jupiter.api.Test;

/** The exported file, run in ONNX Runtime, gives Backprop's own predictions (1e-5 relative, float32). */
class OnnxRuntimeTest {
    static final double TOL = 1e-5;

    @Test
    void digitsClassifierOnTheTestSplit() throws Exception {
        // Given a digits classifier trained a few epochs (standard scaling, dropout, relu and tanh)
        Dataset digits = BuiltinDataset.DIGITS.load(new Rng(42));
        TrainingResult r = Training.run(digits, null, TrainingSettings.defaults()
                .withLayers("64 relu, dropout 0.1, 32 tanh, 10 softmax").withEpochs(3).withThreads(1), List.of());
        TrainedModel model = r.model();
        Tensor x = r.split().test().features();

        // When it is exported and run in ONNX Runtime on the raw test rows
        Map<String, Object> out = Ort.run(OnnxExporter.toOnnx(model, OnnxExporter.DEFAULT_OPSET).toByteArray(),
                "features", x);

        // Then the probabilities match Backprop's, and the labels are the most probable class names
        Tensor expected = model.predict(x);
        Close.assertRows((float[][]) out.get("probabilities"), expected.toFloatArray(), 10, TOL, "digits probabilities");
        String[] labels = (String[]) out.get("label");
        int[] classes = model.predictClasses(x);
        assertThat(labels).hasSize(x.shape().dim(0));
        for (int i = 0; i < labels.length; i++) {
            assertThat(labels[i]).isEqualTo(model.classNames().get(classes[i]));
        }
        assertThat(x.shape().dim(0)).isEqualTo(359);
    }

    @Test
    void regressionModel() throws Exception {
        // Given a regression model on the noisy sine (min-max scaling, GELU and ELU)
        Dataset sine = BuiltinDataset.SINE.load(new Rng(42));
        TrainingResult r = Training.run(sine, null, TrainingSettings.defaults().withLayers("16 gelu, 8 elu(0.5), 1 identity")
                .withEpochs(3).withThreads(1), List.of());
        Tensor x = r.split().test().features();
        for (int opset : new int[] {13, 17, 21}) {
            // When exported with that opset (21 writes GELU as Gelu, the others its erf form) and run
            Map<String, Object> out = Ort.run(OnnxExporter.toOnnx(r.model(), opset).toByteArray(), "features", x);

            // Then the values match
            Close.assertRows((float[][]) out.get("values"), r.model().predict(x).toFloatArray(), 1, TOL,
                    "sine values, opset " + opset);
        }
    }
}
