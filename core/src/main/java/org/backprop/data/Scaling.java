package org.backprop.data;

import java.util.Locale;

/** How features are rescaled before they reach the network (see {@link FeatureScaler}). */
public enum Scaling {
    /** Features as they are. */
    NONE,
    /** Standardise: {@code x' = (x − mean) / std}, per feature; a constant feature keeps std 1. */
    STANDARD,
    /** Min-max: {@code x' = (x − min) / (max − min)}, into {@code [0, 1]}; a constant feature keeps range 1. */
    MIN_MAX,
    /**
     * A given per-feature {@code x' = (x − offset) / scale} that was not fitted here, such as the
     * leading {@code Sub}/{@code Div}/{@code Mul}/{@code Add} of an imported ONNX model; it is kept
     * as it is and cannot be fitted.
     */
    AFFINE;

    /** The name used on the command line and in model files: {@code none}, {@code standard}, {@code minmax}. */
    public String label() {
        return this == MIN_MAX ? "minmax" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code none}, {@code standard} or {@code minmax} (also {@code min-max}, {@code min_max}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Scaling parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "none": return NONE;
            case "standard": case "standardize": case "standardise": case "zscore": return STANDARD;
            case "minmax": return MIN_MAX;
            case "affine": return AFFINE;
            default:
                throw new IllegalArgumentException("unknown scaling '" + text + "'; expected none, standard or minmax"
                        + " (or affine, in a model file)");
        }
    }
}
