package org.backprop.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.data.Task;
import org.backprop.nn.Activation;
import org.backprop.optim.Regularization;

/**
 * Everything the playground's controls set. Changing any of it starts training afresh.
 *
 * <p>The problem type (classification or regression) is the dataset's ({@link #problem()}): a
 * classification network ends in one sigmoid {@code p = σ(z)} trained on binary cross-entropy, a
 * regression network in one identity output {@code ŷ = z} trained on the squared error
 * {@code (1/n)Σ(ŷ − y)²}.
 *
 * @param dataset            the 2-D dataset
 * @param features           the network's inputs, computed from each point (its input width is their number)
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
public record PlaygroundConfig(Dataset2D dataset, InputFeatures features, double noise, double trainRatio, List<Integer> hidden, String activation,
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

    /**
     * Validates every field, naming the one that is wrong.
     *
     * @param dataset            the 2-D dataset, not {@code null}
     * @param features           the network's inputs, not {@code null}
     * @param noise              0 to 0.5
     * @param trainRatio         0.1 to 0.9
     * @param hidden             0 to 6 layers of 1 to 8 neurons; copied
     * @param activation         a name {@link Activation#parse} reads
     * @param learningRate       η, in {@code (0, 10]}
     * @param batchSize          1 to 64
     * @param regularization     none, L1 or L2
     * @param regularizationRate λ, 0 to 10
     * @param seed               any long
     * @throws IllegalArgumentException naming the first field that is missing or out of range
     */
    public PlaygroundConfig {
        if (dataset == null || features == null) {
            throw new IllegalArgumentException(dataset == null ? "dataset: missing" : "features: missing");
        }
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

    /**
     * TensorFlow Playground's defaults: circle, inputs x₁ and x₂, no noise, half for training, 4-2 tanh, η = 0.03, batch 10.
     *
     * @return the defaults, no penalty, seed 1
     */
    public static PlaygroundConfig defaults() {
        return new PlaygroundConfig(Dataset2D.CIRCLE, InputFeatures.DEFAULT, 0, 0.5, List.of(4, 2), "tanh", 0.03, 10,
                Penalty.NONE, 0, 1);
    }

    /**
     * Classification or regression: the dataset's.
     *
     * @return {@code dataset().task()}
     */
    public Task problem() {
        return dataset.task();
    }

    /**
     * This config with another seed.
     *
     * @param newSeed the seed of the data and the initial weights
     * @return a new config, every other field equal
     */
    public PlaygroundConfig withSeed(long newSeed) {
        return new PlaygroundConfig(dataset, features, noise, trainRatio, hidden, activation, learningRate, batchSize,
                regularization, regularizationRate, newSeed);
    }

    /**
     * The penalty as the optimiser-side {@link Regularization}.
     *
     * @return {@code Regularization(λ, 0)} for L1, {@code Regularization(0, λ)} for L2, else
     *         {@link Regularization#NONE}
     */
    public Regularization toRegularization() {
        switch (regularization) {
            case L1: return new Regularization(regularizationRate, 0);
            case L2: return new Regularization(0, regularizationRate);
            default: return Regularization.NONE;
        }
    }

    /**
     * The config as a JSON-ready map (the form {@link #fromMap} reads).
     *
     * @return a new, ordered map: {@code problem}, then every field (lists as lists, whole numbers as
     *         {@code Long}, the dataset and penalty by their lower-case names)
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", problem().label());
        m.put("dataset", dataset.id());
        m.put("features", new ArrayList<Object>(features.ids()));
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
     * Reads a config; missing fields keep their {@link #defaults()}. {@code problem}
     * ({@code classification} or {@code regression}) is optional: given with a dataset of the other
     * kind, or alone, it picks the first dataset of its kind (so switching the problem type keeps
     * the rest of the setup).
     *
     * @param m the parsed JSON object (fields of the wrong JSON type are errors too)
     * @return a new, validated config
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static PlaygroundConfig fromMap(Map<?, ?> m) {
        PlaygroundConfig d = defaults();
        Dataset2D dataset = Dataset2D.parse(string(m, "dataset", d.dataset().id()));
        if (m.containsKey("problem")) {
            String problem = string(m, "problem", "");
            Task task = null;
            for (Task t : Task.values()) {
                if (t.label().equals(problem)) {
                    task = t;
                }
            }
            if (task == null) {
                throw new IllegalArgumentException("problem: expected classification or regression, got '" + problem + "'");
            }
            if (dataset.task() != task) {
                dataset = Dataset2D.first(task);
            }
        }
        InputFeatures features = d.features();
        if (m.containsKey("features")) {
            if (!(m.get("features") instanceof List)) {
                throw new IllegalArgumentException("features: expected an array of feature names (" + InputFeature.knownIds() + ")");
            }
            List<String> ids = new ArrayList<>();
            for (Object o : (List<?>) m.get("features")) {
                if (!(o instanceof String)) {
                    throw new IllegalArgumentException("features: expected names (" + InputFeature.knownIds() + "), got " + o);
                }
                ids.add((String) o);
            }
            features = InputFeatures.parse(ids);
        }
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
        return new PlaygroundConfig(dataset, features, number(m, "noise", d.noise()), number(m, "trainRatio", d.trainRatio()), hidden,
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
