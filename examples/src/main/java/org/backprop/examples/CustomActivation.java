package org.backprop.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.backprop.autograd.GradientCheck;
import org.backprop.autograd.Variable;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.io.ModelFile;
import org.backprop.model.ModelPredictor;
import org.backprop.model.TrainedModel;
import org.backprop.nn.Activation;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.backprop.train.Training;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;

/**
 * Adds an activation of one's own: {@link Swish} is registered by name, its derivative is checked
 * against central finite differences ({@link GradientCheck}, in float64), then a network that names
 * it in its spec is trained, saved to a model file, loaded again, and predicts the same bits.
 */
public final class CustomActivation {

    /**
     * The outcome.
     *
     * @param gradientCheck     the finite-difference report for swish
     * @param engine            the engine that trained the network
     * @param testAccuracy      the test accuracy of the trained network
     * @param spec              the spec read back from the model file
     * @param samePredictions   whether the reloaded model's probabilities equal the trained one's, bit for bit
     */
    public record Result(GradientCheck.Report gradientCheck, String engine, double testAccuracy, String spec,
                         boolean samePredictions) {
    }

    private CustomActivation() {
    }

    /**
     * Runs the example.
     *
     * @param args unused
     * @throws IOException if the model file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        Result r = run(Files.createTempDirectory("backprop-swish").resolve("swish-model.json"));
        System.out.print(r.gradientCheck());
        System.out.printf("trained '%s' on the %s engine: test accuracy %.3f; reloaded model predicts the same bits: %s%n",
                r.spec(), r.engine(), r.testAccuracy(), r.samePredictions());
    }

    /**
     * Registers swish, checks it, trains with it, and round-trips the model through {@code modelFile}.
     *
     * @param modelFile where to write the model
     * @return the outcome
     * @throws IOException if the model file cannot be written or read
     */
    public static Result run(Path modelFile) throws IOException {
        Activation.register("swish", Swish::new);

        // ∂/∂z Σ swish(z) by backpropagation against central differences, at 12 points in [−4, 4]
        Rng rng = new Rng(3);
        double[] values = new double[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble() * 8 - 4;
        }
        Variable z = Variable.parameter(Tensor.of(DType.FLOAT64, values, 3, 4));
        GradientCheck.Report report = GradientCheck.check(Map.of("z", z),
                () -> Activation.parse("swish").apply(z).sum(), 1e-6);

        // Train a network that names it, save it, load it, compare predictions
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));
        TrainingResult result = Training.run(blobs, null,
                TrainingSettings.defaults().withLayers("16 swish, 3 softmax").withEpochs(10).withThreads(1), List.of());
        ModelFile.write(result.model(), modelFile);
        TrainedModel loaded = ModelFile.read(modelFile);

        ModelPredictor before = result.model().predictor();
        ModelPredictor after = loaded.predictor();
        boolean same = true;
        for (int i = 0; i < blobs.size(); i++) {
            float[] row = {(float) blobs.features().get(i, 0), (float) blobs.features().get(i, 1)};
            same &= Arrays.equals(before.predict(row).values(), after.predict(row).values());
        }
        return new Result(report, result.history().engine(), result.test().classification().accuracy(),
                loaded.network().spec().toString(), same);
    }
}
