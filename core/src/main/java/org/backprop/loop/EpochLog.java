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
 * a column grows by doubling and is never scanned. A column also stays a single value while every
 * epoch repeats it (or, for the epoch and step numbers, counts on by the same step): a run without
 * validation keeps only its training losses and times, 24 bytes an epoch instead of about a hundred,
 * so the memory a long run touches (page faults are system time) stays small. Appending one epoch
 * allocates nothing but the occasional doubling.
 *
 * <p>{@link #frozen()} is a read-only view of the epochs so far that later appends do not change (they
 * write past its end, or into new arrays): the list {@link History} holds. Not thread-safe.
 */
final class EpochLog extends AbstractList<EpochRecord> implements RandomAccess {
    private final boolean frozen;
    private int size;
    private final Column epochs;
    private final Column steps;
    private final Column trainLoss;
    private final Column validationLoss;
    private final Column validationMetric;
    private final Column learningRate;
    private final Column seconds;
    private final Column elapsed;
    private final Column trainMetric;
    private String metricName;
    /** Per epoch its gradient norms and weight summaries, or null (a run that records neither keeps no array). */
    private Map<String, Double>[] norms;
    private Map<String, WeightSummary>[] weights;

    /**
     * A column of 64-bit values (a double's raw bits, or an integer) that stays two numbers while it
     * is an arithmetic progression — a constant is one with step 0 — and becomes an array the first
     * time a value breaks it. Exact for any bits.
     */
    private static final class Column {
        private long first;
        private long stride;
        private long[] values; // null while the progression holds
        private int size;

        void add(long v) {
            if (values == null) {
                if (size == 0) {
                    first = v;
                } else if (size == 1) {
                    stride = v - first;
                } else if (v != first + stride * size) {
                    values = new long[Math.max(16, size * 2)];
                    for (int i = 0; i < size; i++) {
                        values[i] = first + stride * i;
                    }
                }
                if (values == null) {
                    size++;
                    return;
                }
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void add(double v) {
            add(Double.doubleToRawLongBits(v));
        }

        long at(int i) {
            return values == null ? first + stride * i : values[i];
        }

        double doubleAt(int i) {
            return Double.longBitsToDouble(at(i));
        }

        /** A copy sharing the values written so far (later ones go past its size, or into a new array). */
        Column view() {
            Column c = new Column();
            c.first = first;
            c.stride = stride;
            c.values = values;
            c.size = size;
            return c;
        }
    }

    /** An empty log. */
    EpochLog() {
        this(false, 0, new Column(), new Column(), new Column(), new Column(), new Column(), new Column(), new Column(),
                new Column(), new Column(), null, null, null);
    }

    private EpochLog(boolean frozen, int size, Column epochs, Column steps, Column trainLoss, Column validationLoss,
                     Column validationMetric, Column learningRate, Column seconds, Column elapsed, Column trainMetric,
                     String metricName, Map<String, Double>[] norms, Map<String, WeightSummary>[] weights) {
        this.frozen = frozen;
        this.size = size;
        this.epochs = epochs;
        this.steps = steps;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
        this.validationMetric = validationMetric;
        this.learningRate = learningRate;
        this.seconds = seconds;
        this.elapsed = elapsed;
        this.trainMetric = trainMetric;
        this.metricName = metricName;
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
        if (size > 0 && !metricName.equals(this.metricName)) {
            throw new IllegalArgumentException("one run has one metric: " + this.metricName + ", not " + metricName);
        }
        this.metricName = metricName;
        int i = size;
        if (!gradientNorms.isEmpty()) {
            norms = grown(norms, i);
            norms[i] = gradientNorms;
        }
        if (!summaries.isEmpty()) {
            weights = grown(weights, i);
            weights[i] = summaries;
        }
        this.epochs.add(epoch);
        this.steps.add(step);
        this.trainLoss.add(trainLoss);
        this.validationLoss.add(validationLoss);
        this.validationMetric.add(validationMetric);
        this.learningRate.add(learningRate);
        this.seconds.add(seconds);
        this.elapsed.add(elapsedSeconds);
        this.trainMetric.add(trainMetric);
        size = i + 1;
        modCount++;
    }

    /** {@code maps} with room for index {@code i} (a new array for the first). */
    private static <V> Map<String, V>[] grown(Map<String, V>[] maps, int i) {
        if (maps == null) {
            Map<String, V>[] m = maps(Math.max(8, i * 2));
            return m;
        }
        return i < maps.length ? maps : Arrays.copyOf(maps, Math.max(8, i * 2));
    }

    /** The record of the epoch at {@code index}, made now. */
    @Override
    public EpochRecord get(int index) {
        java.util.Objects.checkIndex(index, size);
        Map<String, Double> n = norms != null && index < norms.length ? norms[index] : null;
        Map<String, WeightSummary> w = weights != null && index < weights.length ? weights[index] : null;
        return new EpochRecord((int) epochs.at(index), trainLoss.doubleAt(index), validationLoss.doubleAt(index),
                metricName, validationMetric.doubleAt(index), learningRate.doubleAt(index), seconds.doubleAt(index),
                elapsed.doubleAt(index), steps.at(index), n == null ? Map.of() : n, trainMetric.doubleAt(index),
                w == null ? Map.of() : w);
    }

    /** The training loss of the epoch at {@code index}, without making its record. */
    double trainLoss(int index) {
        java.util.Objects.checkIndex(index, size);
        return trainLoss.doubleAt(index);
    }

    /** The validation loss of the epoch at {@code index}, without making its record. */
    double validationLoss(int index) {
        java.util.Objects.checkIndex(index, size);
        return validationLoss.doubleAt(index);
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
        return frozen ? this : new EpochLog(true, size, epochs.view(), steps.view(), trainLoss.view(),
                validationLoss.view(), validationMetric.view(), learningRate.view(), seconds.view(), elapsed.view(),
                trainMetric.view(), metricName, norms, weights);
    }

    /** Whether this is a {@link #frozen()} view. */
    boolean isFrozen() {
        return frozen;
    }
}
