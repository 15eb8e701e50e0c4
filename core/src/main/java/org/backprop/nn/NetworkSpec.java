package org.backprop.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.backprop.random.Rng;

/**
 * A whole dense network in one line, short enough for a command-line flag:
 *
 * <pre>
 *   64 relu, 32 relu, 10 softmax
 *   16 tanh, dropout 0.2, 16 tanh, 1 identity
 *   2 sigmoid, 1 identity          (the lecture's 2-2-1 network, with 2 inputs)
 * </pre>
 *
 * <p>Grammar: items separated by commas; an item is either {@code WIDTH [ACTIVATION]} — a dense
 * layer of {@code WIDTH} neurons with an {@link Activation} written as {@link Activation#parse}
 * reads it — or {@code dropout P}. The input width is not written: it comes from the data. A layer
 * written without an activation gets the default one given to {@link #parse(String, Activation)}.
 *
 * @param items the layers in order
 *
 * <p><b>Threads</b>: immutable, and thread-safe.
 */
public record NetworkSpec(List<Item> items) {

    /** One entry of a spec: a dense layer or a dropout. */
    public sealed interface Item permits DenseItem, DropoutItem {
    }

    /**
     * A dense layer.
     *
     * @param width      its number of neurons
     * @param activation its activation
     */
    public record DenseItem(int width, Activation activation) implements Item {
        @Override
        public String toString() {
            return width + " " + activation;
        }
    }

    /**
     * A dropout layer.
     *
     * @param probability the drop probability
     */
    public record DropoutItem(double probability) implements Item {
        @Override
        public String toString() {
            return "dropout " + probability;
        }
    }

    /**
     * Validates that the spec has at least one dense layer and ends with one.
     *
     * @param items the layers, in order
     */
    public NetworkSpec {
        items = List.copyOf(items);
        if (items.isEmpty() || !(items.get(items.size() - 1) instanceof DenseItem)) {
            throw new IllegalArgumentException("network spec '" + render(items) + "' must end with a dense layer "
                    + "(such as '10 softmax')");
        }
    }

    /**
     * Parses a spec in which every dense layer names its activation.
     *
     * @param text a one-line spec such as {@code 64 relu, dropout 0.2, 10 softmax}
     * @return the spec
     */
    public static NetworkSpec parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses a spec; dense layers written without an activation get {@code defaultActivation}.
     *
     * @throws IllegalArgumentException naming the item (by position and text) that is wrong, and why
     * @param text              a one-line spec; bare widths are allowed
     * @param defaultActivation the activation of a bare width
     * @return the spec
     */
    public static NetworkSpec parse(String text, Activation defaultActivation) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("network spec is empty; expected something like '64 relu, 10 softmax'");
        }
        List<Item> items = new ArrayList<>();
        String[] parts = text.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            String where = "network spec item " + (i + 1) + " ('" + part + "')";
            if (part.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty item (two commas in a row?)");
            }
            String[] words = part.split("\\s+", 2);
            if (words[0].toLowerCase(Locale.ROOT).equals("dropout")) {
                if (words.length < 2) {
                    throw new IllegalArgumentException(where + ": dropout needs a probability, such as 'dropout 0.2'");
                }
                try {
                    double p = Double.parseDouble(words[1].trim());
                    if (!(p >= 0 && p < 1)) {
                        throw new IllegalArgumentException(where + ": dropout probability must be in [0, 1), got " + p);
                    }
                    items.add(new DropoutItem(p));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": '" + words[1].trim() + "' is not a probability");
                }
                continue;
            }
            int width;
            try {
                width = Integer.parseInt(words[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": expected a layer width (a whole number) or 'dropout P', got '"
                        + words[0] + "'");
            }
            if (width < 1) {
                throw new IllegalArgumentException(where + ": layer width must be at least 1, got " + width);
            }
            Activation activation;
            if (words.length < 2) {
                if (defaultActivation == null) {
                    throw new IllegalArgumentException(where + ": missing activation, such as '" + width + " relu'");
                }
                activation = defaultActivation;
            } else {
                try {
                    activation = Activation.parse(words[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage());
                }
            }
            items.add(new DenseItem(width, activation));
        }
        return new NetworkSpec(items);
    }

    /**
     * The number of outputs: the width of the last dense layer.
     *
     * @return the last dense layer's width
     */
    public int outputWidth() {
        return ((DenseItem) items.get(items.size() - 1)).width();
    }

    /**
     * The activation of the last layer.
     *
     * @return the last dense layer's activation
     */
    public Activation outputActivation() {
        return ((DenseItem) items.get(items.size() - 1)).activation();
    }

    /** The largest weight matrix one dense layer may have, in elements (one Java array holds it). */
    public static final long MAX_LAYER_WEIGHTS = Integer.MAX_VALUE - 8;

    /**
     * The number of parameters of the network for {@code inputs} features, counted without building
     * it: Σ over dense layers of {@code in·out + out}.
     *
     * @param inputs the input width
     * @return the number of trainable values
     */
    public long parameterCount(long inputs) {
        long total = 0;
        long width = inputs;
        for (Item item : items) {
            if (item instanceof DenseItem d) {
                total += width * d.width() + d.width();
                width = d.width();
            }
        }
        return total;
    }

    /**
     * The index of the first item whose dense layer, for {@code inputs} features, would have more than
     * {@link #MAX_LAYER_WEIGHTS} weights (too many for one array), or -1 when every layer fits.
     *
     * @param inputs the input width
     * @return the index of the first layer whose weight matrix is too large for one array, or −1
     */
    public int firstOversizedLayer(long inputs) {
        long width = inputs;
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) instanceof DenseItem d) {
                if (width * d.width() > MAX_LAYER_WEIGHTS) {
                    return k;
                }
                width = d.width();
            }
        }
        return -1;
    }

    /**
     * Builds the network for {@code inputs} features, initialising weights from {@code rng}.
     *
     * @throws IllegalArgumentException if a layer's weight matrix would have more than
     *                                  {@link #MAX_LAYER_WEIGHTS} elements (checked before anything is allocated)
     * @param inputs the input width
     * @param rng    the source of the initial weights
     * @return the network
     */
    public Network build(int inputs, Rng rng) {
        int k = firstOversizedLayer(inputs);
        if (k >= 0) {
            long in = widthBefore(k, inputs);
            int out = ((DenseItem) items.get(k)).width();
            throw new IllegalArgumentException("layer " + k + " (" + in + " → " + out + ") would have "
                    + in * out + " weights; one layer may have at most " + MAX_LAYER_WEIGHTS);
        }
        return new Network(inputs, this, rng);
    }

    /** The width that reaches item {@code k}: the last dense layer's before it, or {@code inputs}. */
    private long widthBefore(int k, long inputs) {
        for (int j = k - 1; j >= 0; j--) {
            if (items.get(j) instanceof DenseItem d) {
                return d.width();
            }
        }
        return inputs;
    }

    /** The spec as text that {@link #parse} reads back. */
    @Override
    public String toString() {
        return render(items);
    }

    private static String render(List<Item> items) {
        StringBuilder sb = new StringBuilder();
        for (Item item : items) {
            sb.append(sb.length() == 0 ? "" : ", ").append(item);
        }
        return sb.toString();
    }
}
