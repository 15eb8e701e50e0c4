package org.backprop.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.backprop.data.Scaling;
import org.backprop.loop.EarlyStopping;
import org.backprop.loss.Loss;
import org.backprop.nn.Activation;
import org.backprop.optim.GradientClip;
import org.backprop.optim.OptimizerKind;
import org.backprop.optim.Regularization;
import org.backprop.optim.ScheduleKind;

/**
 * Every choice of a training run, typed. Together with the data and the seed they determine the
 * trained weights bit for bit. The defaults are {@link TrainingDefaults#settings()}; change one with
 * a {@code with…} method or several with {@link #toBuilder()}. {@link Training#plan} resolves them
 * against a dataset.
 *
 * @param layers             hidden widths such as {@code 256,128} (the output layer is added to
 *                           match the data) or a whole one-line spec such as {@code 64 relu, 10 softmax}
 * @param activation         the hidden layers' activation when {@code layers} gives widths only
 * @param loss               the loss, or {@code null} for the one that matches the task and the output
 *                           layer (see {@link TrainingDefaults#loss})
 * @param optimizer          the optimiser
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
 * @param l2                 L2 weight penalty λ₂ (0 = none)
 * @param schedule           the learning-rate schedule over the epochs
 * @param l1                 L1 weight penalty λ₁ (0 = none)
 * @param clipNorm           the largest joint L2 norm of the gradients before each update (0 = no clipping;
 *                           see {@link org.backprop.optim.GradientClipping})
 * @param stopOn             the validation score early stopping watches and picks the kept epoch by
 *                           (see {@link EarlyStopping})
 *
 * <p><b>Threads</b>: immutable, and thread-safe (a {@link Builder} is not).
 */
public record TrainingSettings(String layers, Activation activation, Loss loss, OptimizerKind optimizer,
                               double learningRate, int batchSize, int epochs, long seed, double validationFraction,
                               double testFraction, int patience, Scaling scaling, int threads, double l2,
                               ScheduleKind schedule, double l1, double clipNorm, EarlyStopping.Monitor stopOn) {

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
     * Checks the values.
     *
     * @param layers             hidden widths or a whole one-line spec
     * @param activation         the hidden layers' activation
     * @param loss               the loss, or {@code null} for the task's
     * @param optimizer          the optimiser
     * @param learningRate       the rate, or NaN for the optimiser's usual one
     * @param batchSize          rows per mini-batch
     * @param epochs             the most epochs; 0 = from the data's size
     * @param seed               the seed
     * @param validationFraction the validation share, or NaN
     * @param testFraction       the test share
     * @param patience           early-stopping patience; 0 = off
     * @param scaling            the feature scaling
     * @param threads            threads for the training step
     * @param l2                 the L2 penalty
     * @param schedule           the learning-rate schedule
     * @param l1                 the L1 penalty
     * @param clipNorm           the clipping norm; 0 = none
     * @param stopOn             the validation score early stopping watches
     * @throws IllegalArgumentException naming a value out of range
     */
    public TrainingSettings {
        Objects.requireNonNull(stopOn, "stopOn");
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(schedule, "schedule");
        check(Double.isNaN(learningRate) || learningRate > 0 && Double.isFinite(learningRate),
                "learning rate must be a positive number, got " + learningRate);
        check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        check(epochs >= 0, "epochs must be 0 (from the data's size) or more, got " + epochs);
        check(Double.isNaN(validationFraction) || validationFraction >= 0 && validationFraction < 1,
                "validation fraction must be in [0, 1), got " + validationFraction);
        check(testFraction >= 0 && testFraction < 1, "test fraction must be in [0, 1), got " + testFraction);
        check(Double.isNaN(validationFraction) || validationFraction + testFraction < 1, "validation and test fractions must leave rows to train on (their sum is "
                + (validationFraction + testFraction) + ")");
        check(patience >= 0, "early-stopping patience must be 0 (off) or more, got " + patience);
        check(threads >= 1, "threads must be at least 1, got " + threads);
        check(l2 >= 0 && Double.isFinite(l2), "L2 penalty must be 0 or more, got " + l2);
        check(l1 >= 0 && Double.isFinite(l1), "L1 penalty must be 0 or more, got " + l1);
        check(clipNorm >= 0 && Double.isFinite(clipNorm), "gradient clipping norm must be 0 (none) or more, got " + clipNorm);
    }

    /**
     * The weight penalties these settings ask for.
     *
     * @return L1 and L2, {@link Regularization#NONE} when both are 0
     */
    public Regularization regularization() {
        return l1 == 0 && l2 == 0 ? Regularization.NONE : new Regularization(l1, l2);
    }

    /**
     * The gradient clipping these settings ask for.
     *
     * @return by norm {@link #clipNorm()}, or {@link GradientClip#NONE} for 0
     */
    public GradientClip clipping() {
        return clipNorm == 0 ? GradientClip.NONE : GradientClip.byNorm(clipNorm);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The defaults of {@code backprop train} (see {@link TrainingDefaults#settings()}).
     *
     * @return the defaults
     */
    public static TrainingSettings defaults() {
        return TrainingDefaults.settings();
    }

    /**
     * A builder holding these settings, to change several at once.
     *
     * @return a builder holding these settings
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The same with other layers.
     *
     * @param newLayers hidden widths or a whole one-line spec
     * @return the new settings
     */
    public TrainingSettings withLayers(String newLayers) {
        return toBuilder().layers(newLayers).build();
    }

    /**
     * The same with another number of epochs.
     *
     * @param n the most epochs; 0 = from the data's size
     * @return the new settings
     */
    public TrainingSettings withEpochs(int n) {
        return toBuilder().epochs(n).build();
    }

    /**
     * The same with another seed.
     *
     * @param s the seed
     * @return the new settings
     */
    public TrainingSettings withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    /**
     * The same with another thread count.
     *
     * @param n threads for the training step
     * @return the new settings
     */
    public TrainingSettings withThreads(int n) {
        return toBuilder().threads(n).build();
    }

    /**
     * The same with another optimiser and learning rate (NaN for its usual one).
     *
     * @param kind the optimiser
     * @param rate its learning rate, or NaN for its usual one
     * @return the new settings
     */
    public TrainingSettings withOptimizer(OptimizerKind kind, double rate) {
        return toBuilder().optimizer(kind).learningRate(rate).build();
    }

    /**
     * The same with another optimiser, by name, and learning rate.
     *
     * @param name the optimiser's name, such as {@code adam}
     * @param rate its learning rate, or NaN for its usual one
     * @return the new settings
     */
    public TrainingSettings withOptimizer(String name, double rate) {
        return withOptimizer(OptimizerKind.parse(name), rate);
    }

    /**
     * The same with another learning-rate schedule.
     *
     * @param kind the schedule
     * @return the new settings
     */
    public TrainingSettings withSchedule(ScheduleKind kind) {
        return toBuilder().schedule(kind).build();
    }

    /**
     * The same with another batch size.
     *
     * @param n rows per mini-batch
     * @return the new settings
     */
    public TrainingSettings withBatchSize(int n) {
        return toBuilder().batchSize(n).build();
    }

    /**
     * The same with another early-stopping patience (0 = off).
     *
     * @param n early-stopping patience; 0 = off
     * @return the new settings
     */
    public TrainingSettings withPatience(int n) {
        return toBuilder().patience(n).build();
    }

    /**
     * A JSON-ready map of the settings (the learning rate as given: null for the optimiser's usual one;
     * {@code l1} and {@code clipNorm} only when set, so runs without them read as before).
     *
     * @return the map, in a fixed order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layers);
        m.put("activation", activation.toString());
        m.put("loss", loss == null ? "auto" : loss.name());
        m.put("optimizer", optimizer.label());
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
        m.put("schedule", schedule.label());
        if (l1 != 0) {
            m.put("l1", l1);
        }
        if (clipNorm != 0) {
            m.put("clipNorm", clipNorm);
        }
        m.put("stopOn", stopOn.label());
        return m;
    }

    /** Settings under construction: start from {@link TrainingSettings#toBuilder()}, set what differs, {@link #build()}. */
    public static final class Builder {
        private String layers;
        private Activation activation;
        private Loss loss;
        private OptimizerKind optimizer;
        private double learningRate;
        private int batchSize;
        private int epochs;
        private long seed;
        private double validationFraction;
        private double testFraction;
        private int patience;
        private Scaling scaling;
        private int threads;
        private double l2;
        private ScheduleKind schedule;
        private double l1;
        private double clipNorm;
        private EarlyStopping.Monitor stopOn;

        private Builder(TrainingSettings s) {
            layers = s.layers;
            activation = s.activation;
            loss = s.loss;
            optimizer = s.optimizer;
            learningRate = s.learningRate;
            batchSize = s.batchSize;
            epochs = s.epochs;
            seed = s.seed;
            validationFraction = s.validationFraction;
            testFraction = s.testFraction;
            patience = s.patience;
            scaling = s.scaling;
            threads = s.threads;
            l2 = s.l2;
            schedule = s.schedule;
            l1 = s.l1;
            clipNorm = s.clipNorm;
            stopOn = s.stopOn;
        }

        /**
         * Sets {@code layers}.
         *
         * @param v hidden widths or a whole one-line spec
         * @return this
         */
        public Builder layers(String v) { layers = v; return this; }
        /**
         * Sets {@code activation}.
         *
         * @param v the hidden layers' activation
         * @return this
         */
        public Builder activation(Activation v) { activation = v; return this; }
        /**
         * {@code null} for the loss that matches the task.
         *
         * @param v the loss, or {@code null} for the one that matches the task
         * @return this
         */
        public Builder loss(Loss v) { loss = v; return this; }
        /**
         * Sets {@code optimizer}.
         *
         * @param v the optimiser
         * @return this
         */
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        /**
         * NaN for the optimiser's usual rate.
         *
         * @param v the learning rate, or NaN for the optimiser's usual one
         * @return this
         */
        public Builder learningRate(double v) { learningRate = v; return this; }
        /**
         * Sets {@code batchSize}.
         *
         * @param v rows per mini-batch
         * @return this
         */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /**
         * Sets {@code epochs}.
         *
         * @param v the most epochs; 0 = from the data's size
         * @return this
         */
        public Builder epochs(int v) { epochs = v; return this; }
        /**
         * Sets {@code seed}.
         *
         * @param v the seed
         * @return this
         */
        public Builder seed(long v) { seed = v; return this; }
        /**
         * Sets {@code validationFraction}.
         *
         * @param v the validation share, or NaN for the default
         * @return this
         */
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        /**
         * Sets {@code testFraction}.
         *
         * @param v the test share
         * @return this
         */
        public Builder testFraction(double v) { testFraction = v; return this; }
        /**
         * Sets {@code patience}.
         *
         * @param v early-stopping patience; 0 = off
         * @return this
         */
        public Builder patience(int v) { patience = v; return this; }
        /**
         * Sets {@code scaling}.
         *
         * @param v the feature scaling
         * @return this
         */
        public Builder scaling(Scaling v) { scaling = v; return this; }
        /**
         * Sets {@code threads}.
         *
         * @param v threads for the training step
         * @return this
         */
        public Builder threads(int v) { threads = v; return this; }
        /**
         * Sets {@code l2}.
         *
         * @param v the L2 penalty λ₂
         * @return this
         */
        public Builder l2(double v) { l2 = v; return this; }
        /**
         * Sets {@code schedule}.
         *
         * @param v the learning-rate schedule
         * @return this
         */
        public Builder schedule(ScheduleKind v) { schedule = v; return this; }
        /**
         * Sets {@code l1}.
         *
         * @param v the L1 penalty λ₁
         * @return this
         */
        public Builder l1(double v) { l1 = v; return this; }
        /**
         * 0 for no clipping.
         *
         * @param v the largest joint gradient norm; 0 = no clipping
         * @return this
         */
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        /**
         * Sets {@code stopOn}.
         *
         * @param v the validation score early stopping watches
         * @return this
         */
        public Builder stopOn(EarlyStopping.Monitor v) { stopOn = v; return this; }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming a value out of range
         * @return the settings
         */
        public TrainingSettings build() {
            return new TrainingSettings(layers, activation, loss, optimizer, learningRate, batchSize, epochs, seed,
                    validationFraction, testFraction, patience, scaling, threads, l2, schedule, l1, clipNorm, stopOn);
        }
    }
}
