package org.backprop.data;

import java.util.Locale;

/**
 * What a network learns from a dataset: a class out of several, or one or more numbers.
 *
 * <p>It decides the defaults: a classifier ends in {@code C softmax} and trains on cross-entropy;
 * a regressor ends in {@code k identity} and trains on mean squared error.
 */
public enum Task {
    /** Predict one class out of {@code C}; targets are class indices {@code 0 … C−1}. */
    CLASSIFICATION,
    /** Predict real numbers; targets are values {@code [N, outputs]}. */
    REGRESSION;

    /**
     * The lower-case name used on the command line and in model files.
     *
     * @return {@code "classification"} or {@code "regression"}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code classification} or {@code regression} (case-insensitive; {@code auto} gives
     * {@code null}, meaning "infer from the label column").
     *
     * @param text the name, surrounding white space ignored; also accepted: {@code classify},
     *             {@code regress}; not null
     * @return the task, or {@code null} for {@code auto}
     * @throws IllegalArgumentException for anything else
     */
    public static Task parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto": return null;
            case "classification": case "classify": return CLASSIFICATION;
            case "regression": case "regress": return REGRESSION;
            default:
                throw new IllegalArgumentException("unknown task '" + text + "'; expected classification, regression or auto");
        }
    }
}
