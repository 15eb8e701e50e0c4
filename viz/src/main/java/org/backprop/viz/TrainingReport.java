package org.backprop.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop.nn.Network;

/**
 * What a training report shows, filled by the trainer (for {@code backprop train --report}) from its
 * history: one {@link Epoch} per epoch, an optional confusion matrix, the trained network, lines
 * describing the data, and provenance (command, seed, versions, time, file hashes).
 *
 * @param title          the report's heading
 * @param metricName     the metric's name, such as {@code accuracy}; empty when there is none
 * @param epochs         the epochs in order
 * @param confusion      the confusion matrix on the validation (or test) set, or {@code null}
 * @param network        the trained network (drawn as a diagram), or {@code null}
 * @param datasetSummary lines such as {@code iris.csv: 150 rows, 4 features, 3 classes}
 * @param provenance     key–value lines in order, such as {@code seed → 42}
 */
public record TrainingReport(String title, String metricName, List<Epoch> epochs, ConfusionMatrix confusion,
                             Network network, List<String> datasetSummary, Map<String, String> provenance) {

    /**
     * Copies the lists and the map; the network and the confusion matrix are kept as given.
     *
     * @param title          the report's heading
     * @param metricName     the metric's name, or {@code null} or empty when there is none (stored as empty)
     * @param epochs         the epochs in order; copied
     * @param confusion      the confusion matrix, or {@code null}
     * @param network        the trained network, or {@code null}; kept, not copied
     * @param datasetSummary lines describing the data; copied
     * @param provenance     key–value lines; copied, keeping their order
     * @throws NullPointerException if a list or the map is {@code null}, or a list holds {@code null}
     */
    public TrainingReport {
        epochs = List.copyOf(epochs);
        datasetSummary = List.copyOf(datasetSummary);
        provenance = new LinkedHashMap<>(provenance);
        metricName = metricName == null ? "" : metricName;
    }

    /**
     * One epoch's numbers. Use {@link Double#NaN} for a value that was not measured (no validation set,
     * no metric).
     *
     * @param epoch         1-based epoch number
     * @param trainLoss     mean training loss over the epoch
     * @param validationLoss loss on the validation set after the epoch
     * @param trainMetric   the metric on the training set
     * @param validationMetric the metric on the validation set
     * @param gradientNorms the L2 norm of each parameter's gradient (by name, {@code layers.0.weight} …),
     *                      averaged over the epoch's steps
     * @param learningRate  the optimiser's learning rate during the epoch (NaN if unknown)
     * @param weights       each parameter's histogram and update-to-weight ratio at the epoch's end (may be empty)
     */
    public record Epoch(int epoch, double trainLoss, double validationLoss, double trainMetric, double validationMetric,
                        Map<String, Double> gradientNorms, double learningRate,
                        Map<String, org.backprop.loop.WeightSummary> weights) {
        /**
         * Copies the maps, keeping their order.
         *
         * @param epoch            1-based epoch number
         * @param trainLoss        mean training loss over the epoch
         * @param validationLoss   loss on the validation set after the epoch, or NaN
         * @param trainMetric      the metric on the training set, or NaN
         * @param validationMetric the metric on the validation set, or NaN
         * @param gradientNorms    the mean L2 norm of each parameter's gradient, by name; copied
         * @param learningRate     the optimiser's learning rate during the epoch, or NaN
         * @param weights          each parameter's weight summary at the epoch's end, by name; copied
         */
        public Epoch {
            gradientNorms = new LinkedHashMap<>(gradientNorms);
            weights = new LinkedHashMap<>(weights);
        }

        /**
         * An epoch without learning rate and weight summaries.
         *
         * @param epoch            1-based epoch number
         * @param trainLoss        mean training loss over the epoch
         * @param validationLoss   loss on the validation set after the epoch, or NaN
         * @param trainMetric      the metric on the training set, or NaN
         * @param validationMetric the metric on the validation set, or NaN
         * @param gradientNorms    the mean L2 norm of each parameter's gradient, by name; copied
         */
        public Epoch(int epoch, double trainLoss, double validationLoss, double trainMetric, double validationMetric,
                     Map<String, Double> gradientNorms) {
            this(epoch, trainLoss, validationLoss, trainMetric, validationMetric, gradientNorms, Double.NaN, Map.of());
        }
    }

    /**
     * Counts of (true class, predicted class). The counts array is kept as given, not copied.
     *
     * @param classes class names, in index order
     * @param counts  {@code counts[true][predicted]}
     * @param split   the split it was counted on, such as {@code test}, or empty
     */
    public record ConfusionMatrix(List<String> classes, long[][] counts, String split) {
        /**
         * A matrix without a split name.
         *
         * @param classes class names, in index order
         * @param counts  {@code counts[true][predicted]}, {@code C × C} for {@code C} classes; kept
         * @throws IllegalArgumentException if {@code counts} is not {@code C × C}
         */
        public ConfusionMatrix(List<String> classes, long[][] counts) {
            this(classes, counts, "");
        }

        /**
         * Validates that the matrix is square and matches the class names.
         *
         * @param classes class names, in index order; copied
         * @param counts  {@code counts[true][predicted]}, {@code C × C} for {@code C} classes; kept
         * @param split   the split it was counted on, or {@code null} or empty (stored as empty)
         * @throws IllegalArgumentException if {@code counts} is not {@code C × C}
         */
        public ConfusionMatrix {
            split = split == null ? "" : split;
            classes = List.copyOf(classes);
            if (counts.length != classes.size()) {
                throw new IllegalArgumentException("confusion matrix: " + counts.length + " rows for " + classes.size()
                        + " classes");
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i].length != classes.size()) {
                    throw new IllegalArgumentException("confusion matrix: row " + i + " has " + counts[i].length
                            + " columns, expected " + classes.size());
                }
            }
        }

        /**
         * Builds the matrix from true and predicted class indices.
         *
         * @param classes   class names, in index order
         * @param truth     the true class index of each row, each in {@code [0, C)}
         * @param predicted the predicted class index of each row, as many as {@code truth}
         * @return a new matrix without a split name
         * @throws IllegalArgumentException       if the arrays differ in length
         * @throws ArrayIndexOutOfBoundsException if an index is outside {@code [0, C)}
         */
        public static ConfusionMatrix of(List<String> classes, int[] truth, int[] predicted) {
            if (truth.length != predicted.length) {
                throw new IllegalArgumentException("confusion matrix: " + truth.length + " true labels but "
                        + predicted.length + " predictions");
            }
            long[][] c = new long[classes.size()][classes.size()];
            for (int i = 0; i < truth.length; i++) {
                c[truth[i]][predicted[i]]++;
            }
            return new ConfusionMatrix(classes, c);
        }

        /**
         * The share of the diagonal.
         *
         * @return correct / total, in [0, 1]; NaN when every count is 0
         */
        public double accuracy() {
            long total = 0;
            long right = 0;
            for (int i = 0; i < counts.length; i++) {
                for (int j = 0; j < counts.length; j++) {
                    total += counts[i][j];
                    right += i == j ? counts[i][j] : 0;
                }
            }
            return total == 0 ? Double.NaN : (double) right / total;
        }

        /**
         * The same counts, named by the split they were counted on.
         *
         * @param splitName such as {@code test}
         * @return a new matrix sharing this one's counts array
         */
        public ConfusionMatrix on(String splitName) {
            return new ConfusionMatrix(classes, counts, splitName);
        }
    }

    /**
     * The parameter names that have gradient norms, in first-seen order.
     *
     * @return a new list, each name once
     */
    public List<String> gradientNames() {
        List<String> names = new ArrayList<>();
        for (Epoch e : epochs) {
            for (String n : e.gradientNorms().keySet()) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
        }
        return names;
    }
}
