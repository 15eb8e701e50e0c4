package org.backprop.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.nn.Activation;
import org.backprop.optim.Regularization;

/**
 * Everything the playground's controls set. Changing any of it starts training afresh.
 *
 * @param dataset            the 2-D dataset
 * @param noise              0 to 0.5
 * @param trainRatio         the share of points used for training, 0.1 to 0.9 (the rest is the test set)
 * @param hidden             neurons per hidden layer, 0 to 6 layers of 1 to 8 neurons
 * @param activation         the hidden layers' activation ({@code tanh}, {@code relu}, {@code sigmoid}, {@code identity})
 * @param learningRate       η of stochastic gradient descent, positive
 * @param batchSize          examples per step, 1 to 64
 * @param regularization     none, L1 or L2
 * @param regularizationRate λ, non-negative
 * @param seed               the seed of the data and the initial weights
 */
public record PlaygroundConfig(Dataset2D dataset, double noise, double trainRatio, List<Integer> hidden, String activation,
                               double learningRate, int batchSize, Penalty regularization, double regularizationRate,
                               long seed) {

    /** The kind of weight penalty. */
    public enum Penalty {
        /** No penalty. */
        NONE,
        /** {@code λ·Σ|w|}. */
        L1,
        /** {@code (λ/2)·Σw²}. */
        L2
    }

    /** Points in a dataset (train and test together). */
    public static final int POINTS = 400;

    /** Validates every field, naming the one that is wrong. */
    public PlaygroundConfig {
        hidden = List.copyOf(hidden);
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new IllegalArgumentException("noise: expected 0 to 0.5, got " + noise);
        }
        if (!(trainRatio >= 0.1 && trainRatio <= 0.9)) {
            throw new IllegalArgumentException("trainRatio: expected 0.1 to 0.9, got " + trainRatio);
        }
        if (hidden.size() > 6) {
            throw new IllegalArgumentException("hidden: at most 6 layers, got " + hidden.size());
        }
        for (int h : hidden) {
            if (h < 1 || h > 8) {
                throw new IllegalArgumentException("hidden: 1 to 8 neurons per layer, got " + h);
            }
        }
        Activation.parse(activation);
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("learningRate: expected (0, 10], got " + learningRate);
        }
        if (batchSize < 1 || batchSize > 64) {
            throw new IllegalArgumentException("batchSize: expected 1 to 64, got " + batchSize);
        }
        if (!(regularizationRate >= 0 && regularizationRate <= 10)) {
            throw new IllegalArgumentException("regularizationRate: expected 0 to 10, got " + regularizationRate);
        }
    }

    /** TensorFlow Playground's defaults: circle, no noise, half for training, 4-2 tanh, η = 0.03, batch 10. */
    public static PlaygroundConfig defaults() {
        return new PlaygroundConfig(Dataset2D.CIRCLE, 0, 0.5, List.of(4, 2), "tanh", 0.03, 10, Penalty.NONE, 0, 1);
    }

    /** The penalty as the optimiser-side {@link Regularization}. */
    public Regularization toRegularization() {
        switch (regularization) {
            case L1: return new Regularization(regularizationRate, 0);
            case L2: return new Regularization(0, regularizationRate);
            default: return Regularization.NONE;
        }
    }

    /** The config as a JSON-ready map (the form {@link #fromMap} reads). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset.id());
        m.put("noise", noise);
        m.put("trainRatio", trainRatio);
        List<Object> h = new ArrayList<>();
        for (int n : hidden) {
            h.add((long) n);
        }
        m.put("hidden", h);
        m.put("activation", activation);
        m.put("learningRate", learningRate);
        m.put("batchSize", (long) batchSize);
        m.put("regularization", regularization.name().toLowerCase(Locale.ROOT));
        m.put("regularizationRate", regularizationRate);
        m.put("seed", seed);
        return m;
    }

    /**
     * Reads a config; missing fields keep their {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static PlaygroundConfig fromMap(Map<?, ?> m) {
        PlaygroundConfig d = defaults();
        List<Integer> hidden = d.hidden();
        if (m.containsKey("hidden")) {
            if (!(m.get("hidden") instanceof List)) {
                throw new IllegalArgumentException("hidden: expected an array of layer widths");
            }
            hidden = new ArrayList<>();
            for (Object o : (List<?>) m.get("hidden")) {
                hidden.add((int) number(o, "hidden"));
            }
        }
        String penalty = string(m, "regularization", d.regularization().name());
        Penalty p;
        try {
            p = Penalty.valueOf(penalty.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("regularization: expected none, l1 or l2, got '" + penalty + "'");
        }
        return new PlaygroundConfig(Dataset2D.parse(string(m, "dataset", d.dataset().id())),
                number(m, "noise", d.noise()), number(m, "trainRatio", d.trainRatio()), hidden,
                string(m, "activation", d.activation()), number(m, "learningRate", d.learningRate()),
                (int) number(m, "batchSize", d.batchSize()), p, number(m, "regularizationRate", d.regularizationRate()),
                (long) number(m, "seed", d.seed()));
    }

    private static String string(Map<?, ?> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(key + ": expected a string, got " + v);
        }
        return (String) v;
    }

    private static double number(Map<?, ?> m, String key, double fallback) {
        return m.containsKey(key) ? number(m.get(key), key) : fallback;
    }

    private static double number(Object v, String key) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble((String) v);
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException(key + ": expected a number, got " + v);
    }
}
