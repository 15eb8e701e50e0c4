package org.backprop.nn;

import java.util.ArrayList;
import java.util.List;
import org.backprop.autograd.NoGrad;
import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * A dense network built from a {@link NetworkSpec}: input layer (the data), hidden layers, output
 * layer. Its modules sit in a {@link Sequential} called {@code layers}, so its parameters are named
 * {@code layers.0.weight}, {@code layers.0.bias}, {@code layers.1.weight}, … as a PyTorch model
 * with {@code self.layers = nn.Sequential(...)} would name them.
 *
 * <p><b>Threads</b>: not thread-safe, as every {@link Module}: train it from one thread;
 * serve it from many through a {@link org.backprop.engine.Predictor} ({@code Predictor.of(network)}).
 */
public final class Network extends Module {
    private final int inputs;
    private final NetworkSpec spec;
    private final Sequential layers;

    /**
     * Builds the network, drawing initial weights (and dropout masks later) from {@code rng}.
     *
     * @throws IllegalArgumentException if {@code inputs < 1}
     * @param inputs the input width
     * @param spec   the layers
     * @param rng    the source of the initial weights
     */
    public Network(int inputs, NetworkSpec spec, Rng rng) {
        if (inputs < 1) {
            throw new IllegalArgumentException("Network: inputs must be at least 1, got " + inputs);
        }
        this.inputs = inputs;
        this.spec = spec;
        List<Module> modules = new ArrayList<>();
        int width = inputs;
        for (NetworkSpec.Item item : spec.items()) {
            if (item instanceof NetworkSpec.DenseItem) {
                NetworkSpec.DenseItem d = (NetworkSpec.DenseItem) item;
                modules.add(new Dense(width, d.width(), d.activation(), rng));
                width = d.width();
            } else {
                modules.add(new Dropout(((NetworkSpec.DropoutItem) item).probability(), rng.fork(modules.size())));
            }
        }
        this.layers = registerModule("layers", new Sequential(modules));
    }

    /**
     * The number of input features.
     *
     * @return the input width
     */
    public int inputs() {
        return inputs;
    }

    /**
     * The number of outputs.
     *
     * @return the output width
     */
    public int outputs() {
        return spec.outputWidth();
    }

    /**
     * The spec it was built from.
     *
     * @return the spec it was built from
     */
    public NetworkSpec spec() {
        return spec;
    }

    /**
     * The layer sequence.
     *
     * @return the layers
     */
    public Sequential layers() {
        return layers;
    }

    /**
     * The dense layers in order (dropouts left out).
     *
     * @return the dense layers, in order
     */
    public List<Dense> denseLayers() {
        List<Dense> out = new ArrayList<>();
        for (Module m : layers.layers()) {
            if (m instanceof Dense) {
                out.add((Dense) m);
            }
        }
        return out;
    }

    @Override
    public Variable forward(Variable input) {
        return layers.forward(input);
    }

    /**
     * The output layer's pre-activation {@code z} (every layer, then the last one's {@code X·Wᵀ + b}
     * without its activation): {@code forward(x) = outputActivation().apply(forwardPreActivation(x))}.
     * For losses that have a stabler form on it, such as softmax cross-entropy on the logits (see
     * {@code Loss.onPreActivation}).
     *
     * @param input {@code [B, inputs]}
     * @return the output layer's pre-activation {@code [B, outputs]}
     */
    public Variable forwardPreActivation(Variable input) {
        List<Module> modules = layers.layers();
        Variable x = input;
        for (int i = 0; i < modules.size() - 1; i++) {
            x = modules.get(i).forward(x);
        }
        return ((Dense) modules.get(modules.size() - 1)).preActivation(x);
    }

    /**
     * The activation of the output layer.
     *
     * @return the output layer's activation
     */
    public Activation outputActivation() {
        return spec.outputActivation();
    }

    /**
     * The outputs for a batch {@code [B, inputs]}, without recording a graph. Uses the module's
     * current mode: call {@link #eval()} first to turn dropout off.
     *
     * @param batch {@code [B, inputs]}
     * @return {@code [B, outputs]}
     */
    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    public Tensor predict(Tensor batch) {
        try (NoGrad scope = NoGrad.enter()) {
            return forward(Variable.constant(batch)).value();
        }
    }

    @Override
    protected String describe() {
        return "Network(" + inputs + " inputs: " + spec + ")";
    }
}
