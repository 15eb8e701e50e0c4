package org.backprop.loop;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The epochs of a run as columns: each {@link EpochRecord}'s numbers in a few growing primitive
 * arrays, its maps kept only when they hold something, and the record itself made again when it is
 * read ({@link #get}).
 *
 * <p>A run of one-step epochs (XOR's four rows) ends a million epochs a second: a record object and
 * a list slot per epoch would be copied by every young garbage collection while the run lasts, where
 * a column grows by doubling and is never scanned. Appending one epoch allocates nothing (but the
 * occasional doubling).
 *
 * <p>{@link #frozen()} is a read-only view of the epochs so far that later appends do not change (they
 * write past its end, or into new arrays): the list {@link History} holds. Not thread-safe.
 */
final class EpochLog extends AbstractList<EpochRecord> implements RandomAccess {
    /** The numbers of one epoch, in this order in {@link #numbers}. */
    private static final int TRAIN_LOSS = 0;
    private static final int VALIDATION_LOSS = 1;
    private static final int VALIDATION_METRIC = 2;
    private static final int LEARNING_RATE = 3;
    private static final int SECONDS = 4;
    private static final int ELAPSED = 5;
    private static final int TRAIN_METRIC = 6;
    private static final int WIDTH = 7;

    private final boolean frozen;
    private int size;
    private int[] epochs;
    private long[] steps;
    private double[] numbers;
    private String[] metricNames;
    private Map<String, Double>[] norms;
    private Map<String, WeightSummary>[] weights;

    /** An empty log. */
    EpochLog() {
        this(false, 0, new int[8], new long[8], new double[8 * WIDTH], new String[8], maps(8), maps(8));
    }

    private EpochLog(boolean frozen, int size, int[] epochs, long[] steps, double[] numbers, String[] metricNames,
                     Map<String, Double>[] norms, Map<String, WeightSummary>[] weights) {
        this.frozen = frozen;
        this.size = size;
        this.epochs = epochs;
        this.steps = steps;
        this.numbers = numbers;
        this.metricNames = metricNames;
        this.norms = norms;
        this.weights = weights;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V>[] maps(int n) {
        return (Map<String, V>[]) new Map<?, ?>[n];
    }

    /** Appends {@code r}'s figures. */
    @Override
    public boolean add(EpochRecord r) {
        add(r.epoch(), r.trainLoss(), r.validationLoss(), r.metricName(), r.validationMetric(), r.learningRate(),
                r.seconds(), r.elapsedSeconds(), r.steps(), r.gradientNorms(), r.trainMetric(), r.weights());
        return true;
    }

    /** Appends one epoch's figures, as {@link EpochRecord}'s fields, without a record object. */
    void add(int epoch, double trainLoss, double validationLoss, String metricName, double validationMetric,
             double learningRate, double seconds, double elapsedSeconds, long step, Map<String, Double> gradientNorms,
             double trainMetric, Map<String, WeightSummary> summaries) {
        if (frozen) {
            throw new UnsupportedOperationException("a frozen epoch log does not change");
        }
        if (size == epochs.length) {
            int n = Math.max(8, size * 2);
            epochs = Arrays.copyOf(epochs, n);
            steps = Arrays.copyOf(steps, n);
            numbers = Arrays.copyOf(numbers, n * WIDTH);
            metricNames = Arrays.copyOf(metricNames, n);
            norms = Arrays.copyOf(norms, n);
            weights = Arrays.copyOf(weights, n);
        }
        int i = size;
        epochs[i] = epoch;
        steps[i] = step;
        metricNames[i] = metricName;
        int at = i * WIDTH;
        numbers[at + TRAIN_LOSS] = trainLoss;
        numbers[at + VALIDATION_LOSS] = validationLoss;
        numbers[at + VALIDATION_METRIC] = validationMetric;
        numbers[at + LEARNING_RATE] = learningRate;
        numbers[at + SECONDS] = seconds;
        numbers[at + ELAPSED] = elapsedSeconds;
        numbers[at + TRAIN_METRIC] = trainMetric;
        norms[i] = gradientNorms.isEmpty() ? null : gradientNorms;
        weights[i] = summaries.isEmpty() ? null : summaries;
        size = i + 1;
        modCount++;
    }

    /** The record of epoch number {@code index + 1} of the log, made now. */
    @Override
    public EpochRecord get(int index) {
        java.util.Objects.checkIndex(index, size);
        int at = index * WIDTH;
        Map<String, Double> n = norms[index];
        Map<String, WeightSummary> w = weights[index];
        return new EpochRecord(epochs[index], numbers[at + TRAIN_LOSS], numbers[at + VALIDATION_LOSS],
                metricNames[index], numbers[at + VALIDATION_METRIC], numbers[at + LEARNING_RATE], numbers[at + SECONDS],
                numbers[at + ELAPSED], steps[index], n == null ? Map.of() : n, numbers[at + TRAIN_METRIC],
                w == null ? Map.of() : w);
    }

    /** The training loss of the epoch at {@code index}, without making its record. */
    double trainLoss(int index) {
        java.util.Objects.checkIndex(index, size);
        return numbers[index * WIDTH + TRAIN_LOSS];
    }

    /** The validation loss of the epoch at {@code index}, without making its record. */
    double validationLoss(int index) {
        java.util.Objects.checkIndex(index, size);
        return numbers[index * WIDTH + VALIDATION_LOSS];
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * A read-only view of the epochs so far, which later appends to this log leave as it is.
     *
     * @return the view
     */
    EpochLog frozen() {
        return frozen ? this : new EpochLog(true, size, epochs, steps, numbers, metricNames, norms, weights);
    }

    /** Whether this is a {@link #frozen()} view. */
    boolean isFrozen() {
        return frozen;
    }
}
