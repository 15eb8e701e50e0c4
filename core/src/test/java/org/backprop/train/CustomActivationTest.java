package org.backprop.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop.autograd.GradientAssert.assertGradientsMatch;
import static org.backprop.autograd.GradientAssert.randomParameter;
import static org.backprop.autograd.GradientAssert.vars;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.ElementwiseFunction;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.io.ModelFile;
import org.backprop.io.ModelFileException;
import org.backprop.model.ModelPredictor;
import org.backprop.model.TrainedModel;
import org.backprop.nn.Activation;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A user's own activation, registered by name, works where a built-in does. */
class CustomActivationTest {

    /** Swish {@code x·σ(x)}, {@code f' = σ(x)·(1 + x·(1 − σ(x)))}: one file, as a user would write it. */
    static final class Swish implements ElementwiseFunction {
        @Override
        public String name() {
            return "swish";
        }

        @Override
        public double value(double z) {
            return z / (1 + Math.exp(-z));
        }

        @Override
        public double derivative(double z, double a) {
            double s = 1 / (1 + Math.exp(-z));
            return s * (1 + z * (1 - s));
        }
    }

    @AfterEach
    void unregister() {
        Activation.unregister("swish");
    }

    @Test
    void aRegisteredSwishTrainsFusedSavesReloadsAndPredicts() throws Exception {
        // Given swish registered by name, and its derivative checked against finite differences
        Activation.register("swish", Swish::new);
        Variable z = randomParameter(new Rng(3), -4, 4, 3, 4);
        assertGradientsMatch(vars("z", z), () -> Activation.parse("swish").apply(z).sum());
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));

        // When a spec names it, training runs, and the model goes through a model file
        TrainingResult r = Training.run(blobs, null,
                TrainingSettings.defaults().withLayers("16 swish, 3 softmax").withEpochs(10), List.of());
        String json = ModelFile.toJson(r.model());
        TrainedModel back = ModelFile.fromJson(json, "swish.json");

        // Then the fused engine trained it, it learnt, and the reloaded model predicts the same bits
        assertThat(r.history().engine()).isEqualTo("fused-mlp");
        assertThat(r.test().classification().accuracy()).isGreaterThan(0.9);
        assertThat(back.network().spec().toString()).isEqualTo("16 swish, 3 softmax");
        Tensor rows = r.split().test().features();
        assertThat(back.predict(rows).floatData()).isEqualTo(r.model().predict(rows).floatData());
        ModelPredictor serving = back.predictor();
        float[] first = new float[blobs.featureCount()];
        for (int j = 0; j < first.length; j++) {
            first[j] = (float) rows.get(0, j);
        }
        assertThat(serving.predict(first).values()).isEqualTo(r.model().predictor().predict(first).values());

        // And without the registration, loading says which function is missing and how to add it
        Activation.unregister("swish");
        assertThatThrownBy(() -> ModelFile.fromJson(json, "swish.json")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("swish").hasMessageContaining("Activation.register");
    }

    @Test
    void builtInNamesCannotBeTaken() {
        assertThatThrownBy(() -> Activation.register("relu", Swish::new)).hasMessageContaining("built in");
        assertThatThrownBy(() -> Activation.register("Swish!", Swish::new)).hasMessageContaining("lower-case");
    }
}
