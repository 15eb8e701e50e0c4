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
     * One mean and one standard deviation over all features' values: {@code x' = (x − μ) / σ}. For
     * features measured on one scale, such as pixels, it keeps their relative sizes: a pixel that is
     * almost always blank is not blown up as {@link #STANDARD} would.
     */
    GLOBAL,
    /**
     * {@link #GLOBAL} when the features share one scale (at least half of them span at least half
     * of the range of all values, as pixels do), else {@link #STANDARD}; see
     * {@link FeatureScaler#sharesOneScale}. The fitted scaler records which it chose.
     */
    AUTO,
    /**
     * A given per-feature {@code x' = (x − offset) / scale} that was not fitted here, such as the
     * leading {@code Sub}/{@code Div}/{@code Mul}/{@code Add} of an imported ONNX model; it is kept
     * as it is and cannot be fitted.
     */
    AFFINE;

    /**
     * The name used on the command line and in model files: {@code none}, {@code standard},
     * {@code minmax}, {@code global}, {@code auto}, {@code affine}.
     *
     * @return the lower-case name; {@link #parse} reads it back
     */
    public String label() {
        return this == MIN_MAX ? "minmax" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code none}, {@code standard}, {@code minmax} (also {@code min-max}, {@code min_max}),
     * {@code global} or {@code auto}; also {@code affine} (as model files write it) and the
     * spellings {@code standardize}, {@code standardise}, {@code zscore}.
     *
     * @param text the name, case-insensitive, surrounding white space, {@code -} and {@code _}
     *             ignored; not null
     * @return the scaling, never null
     * @throws IllegalArgumentException for anything else
     */
    public static Scaling parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "none": return NONE;
            case "standard": case "standardize": case "standardise": case "zscore": return STANDARD;
            case "minmax": return MIN_MAX;
            case "global": return GLOBAL;
            case "auto": return AUTO;
            case "affine": return AFFINE;
            default:
                throw new IllegalArgumentException("unknown scaling '" + text
                        + "'; expected auto, standard, global, minmax or none (or affine, in a model file)");
        }
    }
}
