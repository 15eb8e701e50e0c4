package org.backprop.loop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch did: the numbers a learning curve or a training report plots.
 *
 * @param epoch              1-based
 * @param trainLoss          the mean of the epoch's mini-batch losses (each taken before its update)
 * @param validationLoss     the loss on the whole validation set after the epoch; NaN without one
 * @param metricName         {@code accuracy} (classification) or {@code r2} (regression)
 * @param validationMetric   that metric on the validation set after the epoch; NaN without one
 * @param learningRate       the optimiser's learning rate during the epoch
 * @param seconds            wall-clock time of the epoch, validation included
 * @param elapsedSeconds     wall-clock time since training started
 * @param steps              optimiser steps so far
 * @param gradientNorms      per named parameter, the mean over the epoch's steps of the gradient's
 *                           L2 norm {@code ‖∂L/∂W‖₂} — shrinking norms in the first layers are the
 *                           vanishing-gradient symptom; empty when not recorded
 *                           ({@link TrainerConfig.Diagnostic#GRADIENT_NORMS})
 * @param trainMetric        the metric on the whole training set after the epoch (evaluation mode, as for
 *                           validation); NaN when not measured ({@link TrainerConfig.Diagnostic#TRAIN_METRIC})
 * @param weights            per named parameter, its histogram and update-to-weight ratio at the epoch's end;
 *                           empty when not recorded ({@link TrainerConfig.Diagnostic#WEIGHT_SUMMARIES})
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, String metricName, double validationMetric,
                          double learningRate, double seconds, double elapsedSeconds, long steps,
                          Map<String, Double> gradientNorms, double trainMetric, Map<String, WeightSummary> weights) {

    /**
     * Copies the maps (an empty one is not copied: a run that records neither allocates nothing for them).
     *
     * @param epoch the epoch number, 1-based
     * @param trainLoss the mean of the epoch's mini-batch losses
     * @param validationLoss the validation loss after the epoch, or NaN without a validation set
     * @param metricName {@code accuracy} or {@code r2}
     * @param validationMetric the metric on the validation set after the epoch, or NaN
     * @param learningRate the learning rate during the epoch
     * @param seconds wall-clock seconds of the epoch, validation included
     * @param elapsedSeconds wall-clock seconds since training started
     * @param steps optimiser steps so far
     * @param gradientNorms per named parameter, the epoch's mean gradient L2 norm (empty when not
     *                      recorded); copied, unmodifiable
     * @param trainMetric the metric on the whole training set after the epoch, or NaN when not recorded
     * @param weights per named parameter, its histogram and update ratio (empty when not recorded);
     *                copied, unmodifiable
     */
    public EpochRecord {
        gradientNorms = gradientNorms.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gradientNorms));
        weights = weights.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /**
     * A record without the training metric and the weight summaries.
     *
     * @param epoch the epoch number, 1-based
     * @param trainLoss the mean of the epoch's mini-batch losses
     * @param validationLoss the validation loss after the epoch, or NaN without a validation set
     * @param metricName {@code accuracy} or {@code r2}
     * @param validationMetric the metric on the validation set after the epoch, or NaN
     * @param learningRate the learning rate during the epoch
     * @param seconds wall-clock seconds of the epoch, validation included
     * @param elapsedSeconds wall-clock seconds since training started
     * @param steps optimiser steps so far
     * @param gradientNorms per named parameter, the epoch's mean gradient L2 norm; copied
     */
    public EpochRecord(int epoch, double trainLoss, double validationLoss, String metricName, double validationMetric,
                       double learningRate, double seconds, double elapsedSeconds, long steps,
                       Map<String, Double> gradientNorms) {
        this(epoch, trainLoss, validationLoss, metricName, validationMetric, learningRate, seconds, elapsedSeconds, steps,
                gradientNorms, Double.NaN, Map.of());
    }

    /**
     * Whether there was a validation set.
     *
     * @return {@code true} unless {@code validationLoss} is NaN
     */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }

    /**
     * A JSON-ready map (NaN values left out).
     *
     * @return a new insertion-ordered map of JSON-ready values (numbers, strings, nested maps)
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", (long) epoch);
        m.put("trainLoss", finite(trainLoss));
        if (!Double.isNaN(trainMetric)) {
            m.put("train" + Character.toUpperCase(metricName.charAt(0)) + metricName.substring(1), finite(trainMetric));
        }
        if (hasValidation()) {
            m.put("validationLoss", finite(validationLoss));
            m.put("validation" + Character.toUpperCase(metricName.charAt(0)) + metricName.substring(1),
                    finite(validationMetric));
        }
        m.put("learningRate", learningRate);
        m.put("seconds", seconds);
        m.put("elapsedSeconds", elapsedSeconds);
        m.put("steps", steps);
        Map<String, Object> norms = new LinkedHashMap<>();
        gradientNorms.forEach((k, v) -> norms.put(k, finite(v)));
        m.put("gradientNorms", norms);
        if (!weights.isEmpty()) {
            Map<String, Object> ratios = new LinkedHashMap<>();
            weights.forEach((k, v) -> ratios.put(k, finite(v.updateRatio())));
            m.put("updateRatios", ratios);
        }
        return m;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
