package org.backprop.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop.data.Scaling;

/**
 * Every choice of a training run, as the command line takes them. Together with the data and the
 * seed they determine the trained weights bit for bit.
 *
 * @param layers             hidden widths such as {@code 256,128} (the output layer is added to
 *                           match the data) or a whole one-line spec such as {@code 64 relu, 10 softmax}
 * @param activation         the hidden layers' activation when {@code layers} gives widths only
 * @param loss               a loss name (see {@link org.backprop.loss.Losses#forName}), or {@code auto}
 * @param optimizer          an optimiser name (see {@link org.backprop.optim.Optimizers#forName})
 * @param learningRate       the learning rate, or NaN for the optimiser's usual one
 * @param batchSize          rows per mini-batch
 * @param epochs             maximum passes over the training rows
 * @param seed               the seed of every random choice
 * @param validationFraction share of rows held out to pick the epoch (early stopping)
 * @param testFraction       share of rows held out to measure the result (ignored when the data brings its own test set)
 * @param patience           early-stopping patience in epochs; 0 = off
 * @param scaling            feature scaling fitted on the training rows
 * @param threads            threads for the training step (results do not depend on it)
 * @param l2                 L2 weight penalty λ (0 = none)
 * @param schedule           the learning-rate schedule over the epochs: {@code constant} or {@code cosine}
 *                           (see {@link TrainingDefaults#schedule})
 */
public record TrainingSettings(String layers, String activation, String loss, String optimizer, double learningRate,
                               int batchSize, int epochs, long seed, double validationFraction, double testFraction,
                               int patience, Scaling scaling, int threads, double l2, String schedule) {

    /** The defaults of {@code backprop train}: 256,128 relu, Adam, batch 32, 20 epochs, seed 42, 10%/20% splits. */
    public static TrainingSettings defaults() {
        return new TrainingSettings("256,128", "relu", "auto", "adam", Double.NaN, 32, 20, 42, 0.1, 0.2, 0,
                Scaling.STANDARD, 1, 0, "constant");
    }

    /** The same with other layers. */
    public TrainingSettings withLayers(String newLayers) {
        return new TrainingSettings(newLayers, activation, loss, optimizer, learningRate, batchSize, epochs, seed,
                validationFraction, testFraction, patience, scaling, threads, l2, schedule);
    }

    /** The same with another number of epochs. */
    public TrainingSettings withEpochs(int n) {
        return new TrainingSettings(layers, activation, loss, optimizer, learningRate, batchSize, n, seed,
                validationFraction, testFraction, patience, scaling, threads, l2, schedule);
    }

    /** The same with another seed. */
    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(layers, activation, loss, optimizer, learningRate, batchSize, epochs, s,
                validationFraction, testFraction, patience, scaling, threads, l2, schedule);
    }

    /** The same with another thread count. */
    public TrainingSettings withThreads(int n) {
        return new TrainingSettings(layers, activation, loss, optimizer, learningRate, batchSize, epochs, seed,
                validationFraction, testFraction, patience, scaling, n, l2, schedule);
    }

    /** The same with another optimiser and learning rate. */
    public TrainingSettings withOptimizer(String name, double rate) {
        return new TrainingSettings(layers, activation, loss, name, rate, batchSize, epochs, seed,
                validationFraction, testFraction, patience, scaling, threads, l2, schedule);
    }

    /** The same with another learning-rate schedule. */
    public TrainingSettings withSchedule(String name) {
        return new TrainingSettings(layers, activation, loss, optimizer, learningRate, batchSize, epochs, seed,
                validationFraction, testFraction, patience, scaling, threads, l2, name);
    }

    /** The same with another batch size. */
    public TrainingSettings withBatchSize(int n) {
        return new TrainingSettings(layers, activation, loss, optimizer, learningRate, n, epochs, seed,
                validationFraction, testFraction, patience, scaling, threads, l2, schedule);
    }

    /** The same with another early-stopping patience (0 = off). */
    public TrainingSettings withPatience(int n) {
        return new TrainingSettings(layers, activation, loss, optimizer, learningRate, batchSize, epochs, seed,
                validationFraction, testFraction, n, scaling, threads, l2, schedule);
    }

    /** A JSON-ready map of the settings (the learning rate as resolved by the caller). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layers);
        m.put("activation", activation);
        m.put("loss", loss);
        m.put("optimizer", optimizer);
        m.put("learningRate", Double.isNaN(learningRate) ? null : learningRate);
        m.put("batchSize", (long) batchSize);
        m.put("epochs", (long) epochs);
        m.put("seed", seed);
        m.put("validationFraction", validationFraction);
        m.put("testFraction", testFraction);
        m.put("patience", (long) patience);
        m.put("scaling", scaling.label());
        m.put("threads", (long) threads);
        m.put("l2", l2);
        m.put("schedule", schedule);
        return m;
    }
}
