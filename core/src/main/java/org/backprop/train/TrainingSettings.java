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
 * @param epochs             maximum passes over the training rows; 0 = from the data's size by {@link #EPOCH_BUDGET}
 * @param seed               the seed of every random choice
 * @param validationFraction share of rows held out to pick the epoch (early stopping); NaN = 10% when that
 *                           is at least {@link #MIN_VALIDATION_ROWS} rows, else none (see {@link Training#validationFraction})
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

    /**
     * The epochs a run may take by default ({@code epochs = 0}): aim at 20,000 optimizer steps, at least
     * 10 epochs and at most 200 (scikit-learn's {@code max_iter}). Early stopping ends most runs sooner.
     */
    public static final EpochBudget EPOCH_BUDGET = new EpochBudget(20_000, 10, 200);

    /** The validation share by default ({@code validationFraction = NaN}), when it gives enough rows. */
    public static final double VALIDATION_FRACTION = 0.1;

    /** The fewest validation rows the default validation split must have to be cut at all. */
    public static final int MIN_VALIDATION_ROWS = 100;

    /**
     * The defaults of {@code backprop train}, the one place they are written: 256,128 relu, Adam
     * (its rate, 0.001), batch 32, L2 1e-4, the epochs from {@link #EPOCH_BUDGET}, early stopping after
     * 10 epochs without a better validation loss (keeping the best epoch's weights; without validation
     * rows, once the training loss has converged), seed 42, a 10% validation split when it has at least
     * {@link #MIN_VALIDATION_ROWS} rows, a 20% test split, {@code auto} scaling (one mean and standard
     * deviation for features on one scale such as pixels, per feature otherwise), a constant rate.
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings("256,128", "relu", "auto", "adam", Double.NaN, 32, 0, 42, Double.NaN, 0.2, 10,
                Scaling.AUTO, 1, 1e-4, "constant");
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
        m.put("validationFraction", Double.isNaN(validationFraction) ? null : validationFraction);
        m.put("testFraction", testFraction);
        m.put("patience", (long) patience);
        m.put("scaling", scaling.label());
        m.put("threads", (long) threads);
        m.put("l2", l2);
        m.put("schedule", schedule);
        return m;
    }
}
