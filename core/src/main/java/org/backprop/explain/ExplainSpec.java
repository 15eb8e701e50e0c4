package org.backprop.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.io.Json;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;

/**
 * A small dense network given number by number, with one example to explain it on. This is the
 * JSON read by {@code backprop explain --network FILE}; weights are {@code [out][in]} as in
 * PyTorch (row {@code j} holds the weights into neuron {@code j}):
 *
 * <pre>{@code
 * {"input": [0.05, 0.1], "target": [0.01], "loss": "mse", "learningRate": 0.5,
 *  "layers": [
 *    {"activation": "sigmoid",  "weights": [[0.15, 0.2], [0.25, 0.3]], "biases": [0.35, 0.35]},
 *    {"activation": "identity", "weights": [[0.4, 0.45]],             "biases": [0.6]}]}
 * }</pre>
 *
 * <p>Losses: {@code mse} ({@code (1/n) Σ (ŷ−y)²}, the lecture's {@code (ŷ−y)²} for one output),
 * {@code half-squared}, {@code bce} (the last layer must be a sigmoid; targets in [0, 1]) and {@code cross-entropy}
 * (the last layer must be a softmax; the target is a probability row such as a one-hot vector).
 * {@code softmax} is allowed only as the output layer with {@code cross-entropy}, whose fused
 * gradient {@code ŷ − y} is then shown.
 *
 * @param input        the example {@code x}, one value per input
 * @param target       the target {@code y}, one value per output
 * @param loss         {@code mse}, {@code half-squared}, {@code bce} or {@code cross-entropy}
 * @param learningRate the step size η of plain gradient descent, positive
 * @param layers       the dense layers from the input to the output
 */
public record ExplainSpec(double[] input, double[] target, String loss, double learningRate, List<Layer> layers) {

    /** The loss names {@code explain} accepts. */
    public static final List<String> LOSSES = List.of("mse", "half-squared", "bce", "cross-entropy");
    /**
     * The most weights and biases a network to explain may have ({@value}): every one of them gets
     * its chain rule written out, so a larger network gives a report no one reads and takes minutes.
     */
    public static final int MAX_PARAMETERS = 4096;
    /** The most layers a network to explain may have. */
    public static final int MAX_LAYERS = 16;
    /** The largest {@code --network} file read, in bytes (a network within the limits above is far smaller). */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /**
     * One dense layer {@code a = f(W·x + b)}.
     *
     * @param activation the activation's name as in network specs: {@code sigmoid}, {@code identity}, …
     * @param weights    {@code [out][in]}
     * @param biases     {@code [out]}
     */
    public record Layer(String activation, double[][] weights, double[] biases) {
        /**
         * Number of neurons.
         *
         * @return the number of rows of {@code weights}
         */
        public int outputs() {
            return weights.length;
        }

        /**
         * Number of inputs per neuron.
         *
         * @return the length of the first row of {@code weights} (all rows have it, once validated)
         */
        public int inputs() {
            return weights[0].length;
        }
    }

    /**
     * Validates sizes and names, copying the arrays.
     *
     * @param input the example {@code x}, at least one value; copied
     * @param target the target {@code y}, one value per output of the last layer (in {@code [0, 1]} for
     *         {@code bce} and {@code cross-entropy}); copied
     * @param loss one of {@link #LOSSES}
     * @param learningRate the step size η, positive and finite
     * @param layers one to {@link #MAX_LAYERS} layers, each {@code weights} {@code [out][in]} with {@code in}
     *         the previous layer's {@code out} (or the input's length) and {@code biases} {@code [out]}; at most
     *         {@link #MAX_PARAMETERS} weights and biases in all; the list is copied
     * @throws ExplainSpecException naming the field or layer that does not fit
     */
    public ExplainSpec {
        input = input.clone();
        target = target.clone();
        layers = List.copyOf(layers);
        validate(input, target, loss, learningRate, layers);
    }

    /**
     * The lecture's 2-2-1 network: inputs {@code x = (0.05, 0.1)}, target {@code y = 0.01}, two sigmoid
     * hidden neurons with {@code W¹ = [[0.15, 0.2], [0.25, 0.3]]}, {@code b¹ = (0.35, 0.35)}, one
     * linear output with {@code W² = [[0.4, 0.45]]}, {@code b² = 0.6}, loss {@code L = (ŷ−y)²},
     * learning rate η = 0.5.
     *
     * @return the lecture's network and example, a new spec
     */
    public static ExplainSpec lecture() {
        return new ExplainSpec(new double[] {0.05, 0.1}, new double[] {0.01}, "mse", 0.5, List.of(
                new Layer("sigmoid", new double[][] {{0.15, 0.2}, {0.25, 0.3}}, new double[] {0.35, 0.35}),
                new Layer("identity", new double[][] {{0.4, 0.45}}, new double[] {0.6})));
    }

    /**
     * Reads the JSON form shown above.
     *
     * @param json the JSON text (the CLI reads at most {@link #MAX_FILE_BYTES} bytes of it)
     * @return the validated spec
     * @throws Json.ParseException    for malformed JSON (with line and column)
     * @throws ExplainSpecException naming the field or layer that is missing, mistyped or misshapen
     */
    public static ExplainSpec parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map)) {
            throw new ExplainSpecException("network: expected a JSON object with input, target, loss, learningRate and layers");
        }
        Map<?, ?> m = (Map<?, ?>) root;
        for (Object key : m.keySet()) {
            if (!List.of("input", "target", "loss", "learningRate", "layers").contains(key)) {
                throw new ExplainSpecException("network: unknown field '" + key
                        + "'; expected input, target, loss, learningRate, layers");
            }
        }
        double[] input = vector(require(m, "input", "network"), "input");
        double[] target = vector(require(m, "target", "network"), "target");
        Object lossValue = m.containsKey("loss") ? m.get("loss") : "mse";
        if (!(lossValue instanceof String)) {
            throw new ExplainSpecException("loss: expected a string, one of " + String.join(", ", LOSSES));
        }
        double lr = m.containsKey("learningRate") ? number(m.get("learningRate"), "learningRate") : 0.5;
        Object layersValue = require(m, "layers", "network");
        if (!(layersValue instanceof List) || ((List<?>) layersValue).isEmpty()) {
            throw new ExplainSpecException("layers: expected a non-empty array of layers");
        }
        List<Layer> layers = new ArrayList<>();
        List<?> list = (List<?>) layersValue;
        for (int k = 0; k < list.size(); k++) {
            String where = "layers[" + k + "]";
            if (!(list.get(k) instanceof Map)) {
                throw new ExplainSpecException(where + ": expected an object with activation, weights, biases");
            }
            Map<?, ?> l = (Map<?, ?>) list.get(k);
            for (Object key : l.keySet()) {
                if (!List.of("activation", "weights", "biases").contains(key)) {
                    throw new ExplainSpecException(where + ": unknown field '" + key + "'; expected activation, weights, biases");
                }
            }
            Object act = l.containsKey("activation") ? l.get("activation") : "identity";
            if (!(act instanceof String)) {
                throw new ExplainSpecException(where + ".activation: expected a string such as \"sigmoid\"");
            }
            double[][] w = matrix(require(l, "weights", where), where + ".weights");
            double[] b = l.containsKey("biases") ? vector(l.get("biases"), where + ".biases") : new double[w.length];
            layers.add(new Layer((String) act, w, b));
        }
        return new ExplainSpec(input, target, (String) lossValue, lr, layers);
    }

    private static Object require(Map<?, ?> m, String field, String where) {
        if (!m.containsKey(field)) {
            throw new ExplainSpecException(where + ": missing field '" + field + "'");
        }
        return m.get(field);
    }

    private static double number(Object v, String where) {
        if (!(v instanceof Number)) {
            throw new ExplainSpecException(where + ": expected a number, got " + describe(v));
        }
        return ((Number) v).doubleValue();
    }

    private static double[] vector(Object v, String where) {
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new ExplainSpecException(where + ": expected a non-empty array of numbers, got " + describe(v));
        }
        List<?> l = (List<?>) v;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(l.get(i), where + "[" + i + "]");
        }
        return out;
    }

    private static double[][] matrix(Object v, String where) {
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new ExplainSpecException(where + ": expected a non-empty array of rows [out][in], got " + describe(v));
        }
        List<?> l = (List<?>) v;
        double[][] out = new double[l.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(l.get(i), where + "[" + i + "]");
        }
        return out;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List) {
            return "an array of " + ((List<?>) v).size();
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v instanceof String ? "\"" + v + "\"" : v.toString();
    }

    private static void validate(double[] input, double[] target, String loss, double lr, List<Layer> layers) {
        if (input.length == 0) {
            throw new ExplainSpecException("input: expected at least one value");
        }
        if (!LOSSES.contains(loss.toLowerCase(Locale.ROOT))) {
            throw new ExplainSpecException("loss: unknown '" + loss + "'; expected one of " + String.join(", ", LOSSES));
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new ExplainSpecException("learningRate: expected a positive number, got " + lr);
        }
        if (layers.isEmpty()) {
            throw new ExplainSpecException("layers: expected at least one layer");
        }
        if (layers.size() > MAX_LAYERS) {
            throw new ExplainSpecException("layers: " + layers.size() + " layers; explain shows at most " + MAX_LAYERS);
        }
        long parameters = 0;
        for (Layer l : layers) {
            for (double[] row : l.weights()) {
                parameters += row.length + 1;
            }
        }
        if (parameters > MAX_PARAMETERS) {
            throw new ExplainSpecException("layers: " + parameters + " weights and biases; explain writes out every one "
                    + "and takes at most " + MAX_PARAMETERS + " (use train for larger networks)");
        }
        int width = input.length;
        for (int k = 0; k < layers.size(); k++) {
            String where = "layers[" + k + "]";
            Layer l = layers.get(k);
            double[][] w = l.weights();
            if (w.length == 0) {
                throw new ExplainSpecException(where + ".weights: expected at least one row (one per neuron)");
            }
            for (int j = 0; j < w.length; j++) {
                if (w[j].length != width) {
                    throw new ExplainSpecException(where + ".weights: expected " + w.length + " rows of " + width
                            + " (out × in, in = " + (k == 0 ? "the input size" : "the previous layer's outputs")
                            + "), row " + j + " has " + w[j].length);
                }
            }
            if (l.biases().length != w.length) {
                throw new ExplainSpecException(where + ".biases: expected " + w.length + " values (one per neuron), got "
                        + l.biases().length);
            }
            Activation a;
            try {
                a = Activation.parse(l.activation());
            } catch (IllegalArgumentException e) {
                throw new ExplainSpecException(where + ".activation: " + e.getMessage());
            }
            boolean last = k == layers.size() - 1;
            if (a.kind() != Activation.Kind.ELEMENTWISE
                    && !(last && a.kind() == Activation.Kind.SOFTMAX && loss.equalsIgnoreCase("cross-entropy"))) {
                throw new ExplainSpecException(where + ".activation: " + a + " is supported only as the output layer "
                        + "with loss cross-entropy");
            }
            if (last && loss.equalsIgnoreCase("bce") && !a.name().equals("sigmoid")) {
                throw new ExplainSpecException(where + ".activation: loss bce needs a sigmoid output layer "
                        + "(probabilities in (0, 1)), got " + a);
            }
            if (last && loss.equalsIgnoreCase("cross-entropy") && a.kind() != Activation.Kind.SOFTMAX) {
                throw new ExplainSpecException(where + ".activation: loss cross-entropy needs a softmax output layer, got " + a);
            }
            width = w.length;
        }
        if (target.length != width) {
            throw new ExplainSpecException("target: expected " + width + " values (one per output of the last layer), got "
                    + target.length);
        }
        if (loss.equalsIgnoreCase("bce") || loss.equalsIgnoreCase("cross-entropy")) {
            for (int j = 0; j < target.length; j++) {
                if (!(target[j] >= 0 && target[j] <= 1)) {
                    throw new ExplainSpecException("target[" + j + "]: loss " + loss + " needs a probability in [0, 1], got "
                            + target[j]);
                }
            }
        }
        Losses.forName(loss);
    }

    /**
     * The number of outputs.
     *
     * @return the number of outputs of the last layer, which is also the length of {@code target}
     */
    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /**
     * This spec as the JSON {@link #parse} reads.
     *
     * @return the pretty-printed JSON text, which {@link #parse} reads back to an equal spec
     */
    public String toJson() {
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> lm = new java.util.LinkedHashMap<>();
            lm.put("activation", l.activation());
            lm.put("weights", l.weights());
            lm.put("biases", l.biases());
            ls.add(lm);
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("input", input);
        m.put("target", target);
        m.put("loss", loss);
        m.put("learningRate", learningRate);
        m.put("layers", ls);
        return Json.writePretty(m);
    }
}
