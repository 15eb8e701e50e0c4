package org.backprop.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;

/** Small models with random weights and a non-trivial scaler, for export tests. */
final class Models {
    private Models() {
    }

    static TrainedModel model(String spec, int inputs, Task task, long seed) {
        Rng rng = new Rng(seed);
        Network net = NetworkSpec.parse(spec).build(inputs, rng);
        double[] offset = new double[inputs];
        double[] scale = new double[inputs];
        List<String> features = new ArrayList<>();
        for (int j = 0; j < inputs; j++) {
            offset[j] = rng.nextGaussian() * 3 + 0.1;
            scale[j] = 0.3 + Math.abs(rng.nextGaussian()) * 2;
            features.add("x" + (j + 1));
        }
        List<String> classes = new ArrayList<>();
        if (task == Task.CLASSIFICATION) {
            for (int c = 0; c < net.outputs(); c++) {
                classes.add("class " + (char) ('A' + c));
            }
        }
        Provenance p = new Provenance(Provenance.LIBRARY_VERSION, "17", seed, Map.of("layers", spec), "test data",
                "00ff", 1.5, "2026-11-29T00:00:00Z", "autograd");
        return new TrainedModel(net, task, new FeatureScaler(Scaling.STANDARD, offset, scale), features, "y", classes,
                task == Task.CLASSIFICATION ? "cross-entropy" : "mse", p);
    }

    /** {@code n} raw rows of {@code f} features, spread around the scaler's offsets. */
    static Tensor rows(int n, int f, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n * f];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * 4);
        }
        return Tensor.wrap(v, Shape.of(n, f));
    }
}
