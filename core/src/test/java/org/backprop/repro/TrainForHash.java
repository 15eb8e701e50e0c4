package org.backprop.repro;

import java.util.List;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.random.Rng;
import org.backprop.tensor.kernel.Kernels;
import org.backprop.train.Training;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;

/**
 * A child process for {@link CrossKernelReproducibilityTest}: trains on the built-in digits as
 * {@code backprop train} does (a few epochs) and prints the kernel in use and the weights' hash,
 * {@code kernel=NAME} then one {@code sha=HASH} line per run.
 */
public final class TrainForHash {
    private TrainForHash() {
    }

    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Dataset digits = BuiltinDataset.DIGITS.load(new Rng(42));
        System.out.println("kernel=" + Kernels.name());
        for (TrainingSettings s : List.of(
                // the defaults of `backprop train`: 256,128 relu, softmax, Adam, batch 32
                TrainingSettings.defaults(),
                // transcendental activations, another optimiser, a batch that leaves a ragged last one
                TrainingSettings.defaults().withLayers("48 tanh, 24 sigmoid, 10 softmax").withOptimizer("rmsprop", 0.003)
                        .withBatchSize(50),
                TrainingSettings.defaults().withLayers("40 gelu, 10 softmax").withOptimizer("sgd", 0.05).withBatchSize(128))) {
            TrainingResult r = Training.run(digits, null, s.withEpochs(epochs).withThreads(threads), List.of());
            System.out.println("sha=" + r.model().weightsSha256());
        }
    }
}
