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
 *                           vanishing-gradient symptom
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, String metricName, double validationMetric,
                          double learningRate, double seconds, double elapsedSeconds, long steps,
                          Map<String, Double> gradientNorms) {

    /** Copies the norms. */
    public EpochRecord {
        gradientNorms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gradientNorms));
    }

    /** Whether there was a validation set. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }

    /** A JSON-ready map (NaN values left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", (long) epoch);
        m.put("trainLoss", finite(trainLoss));
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
        return m;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
