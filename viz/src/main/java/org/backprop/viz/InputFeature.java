package org.backprop.viz;

import java.util.function.DoubleBinaryOperator;

/**
 * One input the playground's network can be given, computed from a point {@code (x₁, x₂)} of the
 * plane, as in TensorFlow Playground: {@code x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂}.
 *
 * <p>The point is in the plot's units ({@code [-6, 6]²}, {@link PlaygroundSession#EXTENT}). Each
 * feature is scaled so its values lie in {@code [-1, 1]} over the plot: the coordinates are divided
 * by 6 first ({@code u = x/6}), the sines are taken of the plot's coordinates so they go through
 * about two periods across it, as TensorFlow Playground's do:
 *
 * <table>
 *   <caption>The features</caption>
 *   <tr><th>feature</th><th>value</th><th>range over the plot</th></tr>
 *   <tr><td>{@code x₁}</td><td>{@code u₁ = x₁/6}</td><td>{@code [-1, 1]}</td></tr>
 *   <tr><td>{@code x₂}</td><td>{@code u₂ = x₂/6}</td><td>{@code [-1, 1]}</td></tr>
 *   <tr><td>{@code x₁²}</td><td>{@code u₁² = (x₁/6)²}</td><td>{@code [0, 1]}</td></tr>
 *   <tr><td>{@code x₂²}</td><td>{@code u₂² = (x₂/6)²}</td><td>{@code [0, 1]}</td></tr>
 *   <tr><td>{@code x₁x₂}</td><td>{@code u₁u₂ = x₁x₂/36}</td><td>{@code [-1, 1]}</td></tr>
 *   <tr><td>{@code sin x₁}</td><td>{@code sin x₁}</td><td>{@code [-1, 1]}</td></tr>
 *   <tr><td>{@code sin x₂}</td><td>{@code sin x₂}</td><td>{@code [-1, 1]}</td></tr>
 * </table>
 *
 * <p>This enum is the one place the formulas live: training rows, the input heatmaps and the grid the
 * neuron heatmaps are computed on all go through {@link InputFeatures#rows}.
 */
public enum InputFeature {
    /** {@code x₁/6}. */
    X1("x1", "x₁", "x₁/6", (x1, x2) -> x1 / PlaygroundSession.EXTENT),
    /** {@code x₂/6}. */
    X2("x2", "x₂", "x₂/6", (x1, x2) -> x2 / PlaygroundSession.EXTENT),
    /** {@code (x₁/6)²}. */
    X1_SQUARED("x1sq", "x₁²", "(x₁/6)²", (x1, x2) -> (x1 / PlaygroundSession.EXTENT) * (x1 / PlaygroundSession.EXTENT)),
    /** {@code (x₂/6)²}. */
    X2_SQUARED("x2sq", "x₂²", "(x₂/6)²", (x1, x2) -> (x2 / PlaygroundSession.EXTENT) * (x2 / PlaygroundSession.EXTENT)),
    /** {@code (x₁/6)(x₂/6)}. */
    X1_TIMES_X2("x1x2", "x₁x₂", "x₁x₂/36", (x1, x2) -> (x1 / PlaygroundSession.EXTENT) * (x2 / PlaygroundSession.EXTENT)),
    /** {@code sin x₁}. */
    SIN_X1("sinx1", "sin x₁", "sin x₁", (x1, x2) -> Math.sin(x1)),
    /** {@code sin x₂}. */
    SIN_X2("sinx2", "sin x₂", "sin x₂", (x1, x2) -> Math.sin(x2));

    private final String id;
    private final String label;
    private final String formula;
    private final DoubleBinaryOperator value;

    InputFeature(String id, String label, String formula, DoubleBinaryOperator value) {
        this.id = id;
        this.label = label;
        this.formula = formula;
        this.value = value;
    }

    /**
     * The short name used in requests and links, such as {@code x1sq}.
     *
     * @return the id {@link #parse} reads
     */
    public String id() {
        return id;
    }

    /**
     * The name shown on the page, such as {@code x₁²}.
     *
     * @return the label, in Unicode
     */
    public String label() {
        return label;
    }

    /**
     * What the network is given, in the plot's units, such as {@code (x₁/6)²}.
     *
     * @return the formula as text, in Unicode
     */
    public String formula() {
        return formula;
    }

    /**
     * The feature at the point {@code (x1, x2)} of the plot.
     *
     * @param x1 the first coordinate, in the plot's units
     * @param x2 the second coordinate, in the plot's units
     * @return the formula's value, in {@code [-1, 1]} for a point of the plot
     */
    public double value(double x1, double x2) {
        return value.applyAsDouble(x1, x2);
    }

    /**
     * The feature called {@code id} ({@link #id()}).
     *
     * @param id the id, exactly (case matters)
     * @return the feature
     * @throws IllegalArgumentException naming the known ids
     */
    public static InputFeature parse(String id) {
        for (InputFeature f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("features: unknown '" + id + "'; expected " + knownIds());
    }

    /** The ids, comma-separated: {@code x1, x2, x1sq, …}. */
    static String knownIds() {
        StringBuilder s = new StringBuilder();
        for (InputFeature f : values()) {
            s.append(s.length() > 0 ? ", " : "").append(f.id);
        }
        return s.toString();
    }
}
