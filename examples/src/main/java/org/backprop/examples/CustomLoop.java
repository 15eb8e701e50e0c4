package org.backprop.examples;

import java.util.Locale;
import java.util.Map;
import org.backprop.data.Batch;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.DataSplit;
import org.backprop.data.Dataset;
import org.backprop.data.FeatureScaler;
import org.backprop.data.MiniBatches;
import org.backprop.data.Scaling;
import org.backprop.data.Splits;
import org.backprop.engine.TrainingStep;
import org.backprop.engine.TrainingSteps;
import org.backprop.loop.EarlyStopping;
import org.backprop.loop.Trainer;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Adam;
import org.backprop.optim.GradientClip;
import org.backprop.optim.GradientClipping;
import org.backprop.optim.GradientPipeline;
import org.backprop.optim.LearningRateSchedule;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * A training loop written by hand on the public API: Adam, a warm-up then cosine learning-rate
 * schedule, gradient clipping by global norm, L2, and early stopping on the validation loss that
 * keeps the best epoch's weights — on the fast fused engine ({@link TrainingSteps#create} picks it;
 * clipping does not make it fall back to the graph).
 */
public final class CustomLoop {

    /**
     * The outcome.
     *
     * @param engine              the engine that trained
     * @param epochsRun           epochs actually run
     * @param bestEpoch           the epoch whose weights were kept
     * @param bestValidationLoss  its validation loss
     * @param validationAccuracy  the accuracy of the kept weights on the validation rows
     * @param largestClippedNorm  the largest joint gradient norm seen after clipping (at most the limit)
     * @param clippedSteps        how many steps clipping changed the gradients
     * @param steps               steps taken
     */
    public record Result(String engine, int epochsRun, int bestEpoch, double bestValidationLoss,
                         double validationAccuracy, double largestClippedNorm, long clippedSteps, long steps) {
    }

    /** The clipping limit of the joint gradient norm. */
    public static final double MAX_NORM = 0.25;

    private CustomLoop() {
    }

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Result r = run(100, true);
        System.out.printf(Locale.ROOT, "%s: %d epochs, kept epoch %d (validation loss %.4f, accuracy %.3f); "
                        + "clipped %d of %d steps, largest norm after clipping %.4f%n", r.engine(), r.epochsRun(),
                r.bestEpoch(), r.bestValidationLoss(), r.validationAccuracy(), r.clippedSteps(), r.steps(),
                r.largestClippedNorm());
    }

    /**
     * Trains on the built-in two half-moons.
     *
     * @param maxEpochs the most epochs to run
     * @param print     whether to print a line per epoch
     * @return the outcome
     */
    public static Result run(int maxEpochs, boolean print) {
        Rng rng = new Rng(42);
        Dataset moons = BuiltinDataset.MOONS.load(rng.fork(1));
        DataSplit split = Splits.split(moons, 0.2, 0.0, rng.fork(2));
        FeatureScaler scaler = FeatureScaler.fit(Scaling.STANDARD, split.train().features());   // fitted on training rows only
        Dataset train = scaler.transform(split.train());
        Dataset validation = scaler.transform(split.validation());

        Network net = NetworkSpec.parse("32 relu, 32 relu, 2 softmax").build(train.featureCount(), rng.fork(3));
        Loss loss = Losses.crossEntropy();
        double baseRate = 0.01;
        Optimizer adam = new Adam(net.parameters(), Adam.Config.of(baseRate));
        int batchesPerEpoch = MiniBatches.count(train.size(), 32);
        LearningRateSchedule schedule = LearningRateSchedule.warmup(batchesPerEpoch,
                LearningRateSchedule.cosine((long) maxEpochs * batchesPerEpoch, 0.05));
        EarlyStopping early = EarlyStopping.patience(10);

        // Between backward and update: L2, then clipping, then a hook that measures what clipping left
        double[] largest = {0};
        long[] clipped = {0};
        GradientPipeline gradients = GradientPipeline.of(new Regularization(0, 1e-4))
                .withClip(GradientClip.byNorm(MAX_NORM))
                .withHook((params, step) -> {
                    double norm = GradientClipping.norm(params);
                    largest[0] = Math.max(largest[0], norm);
                    clipped[0] += norm > MAX_NORM * 0.999 ? 1 : 0;
                });
        TrainingStep step = TrainingSteps.create(net, loss, adam, gradients, 1);

        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        Map<String, Tensor> best = net.stateDict();
        long t = 0;
        Rng order = rng.fork(4);
        while (epoch < maxEpochs) {
            epoch++;
            net.train();
            for (Batch batch : new MiniBatches(train, 32, order)) {
                schedule.apply(adam, baseRate, t++);                   // the rate for this step
                step.step(batch.inputs(), batch.targets());
            }
            double valLoss = Trainer.lossAndMetric(net, loss, validation)[0];   // evaluation mode, no graph kept
            if (print) {
                System.out.printf(Locale.ROOT, "epoch %3d  lr %.5f  validation loss %.4f%n", epoch, adam.learningRate(), valLoss);
            }
            if (valLoss < bestLoss - early.minDelta()) {
                bestLoss = valLoss;
                bestEpoch = epoch;
                best = net.stateDict();                                // a copy of every weight
            } else if (epoch - bestEpoch >= early.patience()) {
                break;                                                 // no improvement for `patience` epochs
            }
        }
        net.loadStateDict(best);                                       // keep the best epoch's weights
        double accuracy = Trainer.lossAndMetric(net, loss, validation)[1];
        return new Result(step.name(), epoch, bestEpoch, bestLoss, accuracy, largest[0], clipped[0], t);
    }
}
