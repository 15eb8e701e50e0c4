package org.backprop.explain;

import static org.backprop.explain.Notation.num;
import static org.backprop.explain.Notation.sub;
import static org.backprop.explain.Notation.sup;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.autograd.NoGrad;
import org.backprop.autograd.Variable;
import org.backprop.explain.Explanation.Factor;
import org.backprop.explain.Explanation.Gradient;
import org.backprop.explain.Explanation.LayerBackward;
import org.backprop.explain.Explanation.LayerForward;
import org.backprop.explain.Explanation.Step;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.nn.Dense;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * Runs an {@link ExplainSpec} through the real engine and records it as an {@link Explanation}.
 *
 * <p>The network is a real {@link Network} of {@link Dense} layers in float64 with the given
 * weights; the forward pass is {@link Dense#preActivation} then the activation, exactly what
 * {@link Dense#forward} does; the loss is the {@link Losses} one; the backward pass is
 * {@link Variable#backward(Tensor, org.backprop.autograd.BackwardListener)} with a listener that
 * keeps {@code ∂L/∂z} and {@code ∂L/∂a} for every layer; the update is {@link Sgd}. Nothing here
 * computes a gradient on its own: the chain-rule factors are built from recorded values and forward
 * values, and their product is checked against the gradient the sweep left in each parameter.
 */
public final class Explainer {
    /** The most steps one explanation runs ({@value}): each one's loss is listed. */
    public static final int MAX_STEPS = 100_000;

    /** The finite-difference step: about 10 correct digits in float64. */
    public static final double EPSILON = 1e-6;
    /** How far the product of the factors may be from the recorded gradient, relatively. */
    static final double FACTOR_TOLERANCE = 1e-9;

    private final ExplainSpec spec;
    private final Network network;
    private final List<Dense> dense;
    private final List<Activation> activations = new ArrayList<>();
    private final Loss loss;
    private final Tensor x;
    private final Tensor y;

    /**
     * Builds the network of {@code spec} (float64, the given weights).
     *
     * @param spec the validated network, example, loss and learning rate; its weights are copied into the
     *         network
     */
    public Explainer(ExplainSpec spec) {
        this.spec = spec;
        List<NetworkSpec.Item> items = new ArrayList<>();
        for (ExplainSpec.Layer l : spec.layers()) {
            Activation a = Activation.parse(l.activation());
            activations.add(a);
            items.add(new NetworkSpec.DenseItem(l.outputs(), a));
        }
        this.network = new Network(spec.input().length, new NetworkSpec(items), new Rng(0));
        network.to(DType.FLOAT64);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int k = 0; k < spec.layers().size(); k++) {
            ExplainSpec.Layer l = spec.layers().get(k);
            state.put("layers." + k + ".weight", Tensor.matrix(DType.FLOAT64, l.weights()));
            state.put("layers." + k + ".bias", Tensor.vector(DType.FLOAT64, l.biases()));
        }
        network.loadStateDict(state);
        this.dense = network.denseLayers();
        this.loss = Losses.forName(spec.loss());
        this.x = Tensor.of(DType.FLOAT64, spec.input(), 1, spec.input().length);
        this.y = Tensor.of(DType.FLOAT64, spec.target(), 1, spec.target().length);
    }

    /**
     * Explains one step.
     *
     * @param spec the network and example
     * @return the explanation of one step ({@link Explanation#steps()} is 1)
     * @throws IllegalStateException if the chain-rule factors of a gradient do not multiply to the gradient
     *         the backward sweep recorded (a bug in the explanation, never in the data)
     */
    public static Explanation explain(ExplainSpec spec) {
        return explain(spec, 1);
    }

    /**
     * Explains the first step in full and runs {@code steps} steps of forward, backward and update,
     * recording the loss before each.
     *
     * @param spec the network and example
     * @param steps how many gradient-descent steps to run, 1 to {@link #MAX_STEPS}
     * @return the explanation: the first step in detail, the loss before each step and every parameter before
     *         each step and after the last
     * @throws IllegalArgumentException if {@code steps} is not 1 to {@link #MAX_STEPS}
     * @throws IllegalStateException if the chain-rule factors of a gradient do not multiply to the gradient
     *         the backward sweep recorded
     */
    public static Explanation explain(ExplainSpec spec, int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps: expected 1 to " + MAX_STEPS + ", got " + steps);
        }
        Explainer e = new Explainer(spec);
        Sgd sgd = new Sgd(e.network.parameters(), Sgd.Config.of(spec.learningRate()));
        double[] losses = new double[steps];
        double[][] trace = new double[steps + 1][];
        Step first = null;
        for (int s = 0; s < steps; s++) {
            trace[s] = e.parameterValues();
            if (s == 0) {
                first = e.step(sgd);
                losses[0] = first.loss();
            } else {
                sgd.zeroGrad();
                Variable l = e.forward(null);
                l.backward();
                sgd.step();
                losses[s] = l.value().item();
            }
        }
        trace[steps] = e.parameterValues();
        return new Explanation(spec, first, losses, trace, e.lossValue());
    }

    /** Every parameter element in {@link Step#gradients()} order: layer by layer, weights row by row, then biases. */
    private double[] parameterValues() {
        List<double[]> parts = new ArrayList<>();
        int n = 0;
        for (Variable p : network.namedParameters().values()) {
            double[] v = p.value().toDoubleArray();
            parts.add(v);
            n += v.length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] v : parts) {
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    /**
     * The computation graph of the spec's loss after one backward pass and before any update, for drawing
     * with {@link Variable#toSvg()}: the input {@code x}, each layer's {@code zᵏ} and {@code aᵏ}, the
     * parameters by name, each node holding its value and {@code ∂L/∂node}.
     *
     * @param spec the network and example
     * @return the scalar loss node {@code L} of a fresh float64 graph, after {@code backward()}; its
     *         ancestors are named {@code x}, {@code z¹}, {@code a¹}, … and by parameter name
     */
    public static Variable lossGraph(ExplainSpec spec) {
        Explainer e = new Explainer(spec);
        List<Variable[]> nodes = new ArrayList<>();
        Variable l = e.forward(nodes);
        for (int k = 0; k < nodes.size(); k++) {
            Variable[] n = nodes.get(k);
            if (k == 0) {
                n[0].named("x");
            }
            n[1].named("z" + sup(k + 1));
            n[2].named("a" + sup(k + 1));
        }
        l.named("L").backward();
        return l;
    }

    /**
     * The network the explanation runs on (its weights change as steps are taken).
     *
     * @return the network itself (not a copy)
     */
    public Network network() {
        return network;
    }

    /** The forward pass to the loss; {@code out}, if given, receives each layer's z and a variables. */
    private Variable forward(List<Variable[]> out) {
        Variable h = Variable.constant(x);
        for (Dense d : dense) {
            Variable z = d.preActivation(h);
            Variable a = d.activation().apply(z);
            if (out != null) {
                out.add(new Variable[] {h, z, a});
            }
            h = a;
        }
        return loss.compute(h, y);
    }

    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    private double lossValue() {
        try (NoGrad scope = NoGrad.enter()) {
            return forward(null).value().item();
        }
    }

    private Step step(Sgd sgd) {
        sgd.zeroGrad();
        List<Variable[]> nodes = new ArrayList<>();
        Variable l = forward(nodes);
        Map<Variable, Tensor> recorded = new IdentityHashMap<>();
        l.backward(Tensor.full(l.value().dtype(), l.value().shape(), 1.0),
                (node, gradOutput, gradInputs) -> recorded.put(node, gradOutput.copy()));
        double lossValue = l.value().item();

        List<LayerForward> forward = new ArrayList<>();
        for (int k = 0; k < dense.size(); k++) {
            Variable[] n = nodes.get(k);
            forward.add(new LayerForward(k + 1, activations.get(k).toString(), row(n[0].value()),
                    dense.get(k).weight().value().toRows(), row(dense.get(k).bias().value()),
                    row(n[1].value()), row(n[2].value())));
        }
        double[] prediction = forward.get(forward.size() - 1).a();
        Map<String, Tensor> numeric = finiteDifferences();

        int last = dense.size() - 1;
        boolean fused = isFused();
        List<LayerBackward> backward = new ArrayList<>();
        List<List<Factor>> nextDeltaFactors = null;
        for (int k = last; k >= 0; k--) {
            Variable[] n = nodes.get(k);
            Tensor dz = recorded.get(n[1]);
            Tensor da = recorded.get(n[2]);
            double[] delta = dz == null ? new double[n[1].value().size()] : row(dz);
            double[] upstream = da == null ? null : row(da);
            LayerForward f = forward.get(k);
            List<List<Factor>> deltaFactors = new ArrayList<>();
            for (int j = 0; j < delta.length; j++) {
                List<Factor> fs = new ArrayList<>();
                if (k == last) {
                    fs.add(lossFactor(j, fused ? delta[j] : upstream[j]));
                } else if (forward.get(k + 1).z().length == 1) {
                    fs.addAll(nextDeltaFactors.get(0));
                    fs.add(new Factor("w" + sup(k + 2) + sub(1, j + 1), forward.get(k + 1).weights()[0][j]));
                } else {
                    fs.add(new Factor(sumSymbol(k + 2, j + 1, forward.get(k + 1).z().length), upstream[j]));
                }
                if (!(k == last && fused) && !activations.get(k).name().equals("identity")) {
                    ElementwiseDerivative d = new ElementwiseDerivative(activations.get(k));
                    fs.add(new Factor(d.symbol(k + 1, j + 1), d.value(f.z()[j], f.a()[j])));
                }
                check("δ" + sup(k + 1) + sub(j + 1), fs, delta[j]);
                deltaFactors.add(fs);
            }
            Tensor gW = dense.get(k).weight().grad();
            Tensor gB = dense.get(k).bias().grad();
            List<Gradient> weights = new ArrayList<>();
            List<Gradient> biases = new ArrayList<>();
            Tensor numW = numeric.get("layers." + k + ".weight");
            Tensor numB = numeric.get("layers." + k + ".bias");
            for (int j = 0; j < delta.length; j++) {
                for (int i = 0; i < f.input().length; i++) {
                    List<Factor> fs = new ArrayList<>(deltaFactors.get(j));
                    fs.add(new Factor(k == 0 ? "x" + sub(i + 1) : "a" + sup(k) + sub(i + 1), f.input()[i]));
                    String sym = "w" + sup(k + 1) + sub(j + 1, i + 1);
                    double g = gW == null ? 0 : gW.get(j, i);
                    check("∂L/∂" + sym, fs, g);
                    weights.add(new Gradient("layers." + k + ".weight", sym, j, i, f.weights()[j][i], List.copyOf(fs), g,
                            numW.get(j, i), Double.NaN));
                }
                String sym = "b" + sup(k + 1) + sub(j + 1);
                double g = gB == null ? 0 : gB.get(j);
                check("∂L/∂" + sym, deltaFactors.get(j), g);
                biases.add(new Gradient("layers." + k + ".bias", sym, j, -1, f.biases()[j], List.copyOf(deltaFactors.get(j)),
                        g, numB.get(j), Double.NaN));
            }
            backward.add(new LayerBackward(k + 1, upstream, delta, List.copyOf(deltaFactors), weights, biases));
            nextDeltaFactors = deltaFactors;
        }
        sgd.step();
        List<LayerBackward> withUpdates = new ArrayList<>();
        for (LayerBackward b : backward) {
            int k = b.layer() - 1;
            Tensor w = dense.get(k).weight().value();
            Tensor bias = dense.get(k).bias().value();
            List<Gradient> ws = new ArrayList<>();
            for (Gradient g : b.weights()) {
                ws.add(withUpdated(g, w.get(g.row(), g.col())));
            }
            List<Gradient> bs = new ArrayList<>();
            for (Gradient g : b.biases()) {
                bs.add(withUpdated(g, bias.get(g.row())));
            }
            withUpdates.add(new LayerBackward(b.layer(), b.upstream(), b.delta(), b.deltaFactors(), List.copyOf(ws),
                    List.copyOf(bs)));
        }
        return new Step(List.copyOf(forward), prediction, lossFormula(false, prediction), lossFormula(true, prediction),
                lossValue, List.copyOf(withUpdates), EPSILON);
    }

    private static Gradient withUpdated(Gradient g, double updated) {
        return new Gradient(g.parameter(), g.symbol(), g.row(), g.col(), g.value(), g.factors(), g.gradient(), g.numeric(),
                updated);
    }

    /** Whether the loss runs on the output layer's logits (BCE after a sigmoid, cross-entropy after a softmax). */
    private boolean isFused() {
        String l = spec.loss().toLowerCase(Locale.ROOT);
        return l.equals("bce") || l.equals("cross-entropy"); // ExplainSpec requires a sigmoid / softmax output
    }

    private String sumSymbol(int nextLayer, int j, int width) {
        if (width > 4) {
            return "Σₘ δ" + sup(nextLayer) + "ₘ·w" + sup(nextLayer) + "ₘ" + sub(j);
        }
        StringBuilder sb = new StringBuilder("(");
        for (int m = 1; m <= width; m++) {
            sb.append(m > 1 ? " + " : "").append("δ").append(sup(nextLayer)).append(sub(m))
                    .append("·w").append(sup(nextLayer)).append(sub(m, j));
        }
        return sb.append(')').toString();
    }

    /** The loss's own factor for output {@code j}: {@code ∂L/∂ŷⱼ}, or {@code ∂L/∂zⱼ} when fused. */
    private Factor lossFactor(int j, double recorded) {
        int n = spec.outputs();
        String per = n == 1 || spec.loss().equalsIgnoreCase("cross-entropy") ? "" : "/" + n;
        // mse: 2(ŷ−y); half-squared, and bce / cross-entropy fused with their sigmoid / softmax: ŷ−y
        String two = spec.loss().equalsIgnoreCase("mse") ? "2" : "";
        return new Factor(two + "(ŷ" + sub(j + 1) + "−y" + sub(j + 1) + ")" + per, recorded);
    }

    private String lossFormula(boolean numbers, double[] p) {
        double[] t = spec.target();
        int n = p.length;
        List<String> terms = new ArrayList<>();
        String l = spec.loss().toLowerCase(Locale.ROOT);
        for (int j = 0; j < n; j++) {
            String yh = numbers ? num(p[j]) : "ŷ" + sub(j + 1);
            String yy = numbers ? num(t[j]) : "y" + sub(j + 1);
            switch (l) {
                case "mse": terms.add("(" + yh + " − " + yy + ")²"); break;
                case "half-squared": terms.add("½(" + yh + " − " + yy + ")²"); break;
                case "bce": terms.add("−[" + yy + "·ln " + yh + " + (1 − " + yy + ")·ln(1 − " + yh + ")]"); break;
                default:
                    if (!numbers || t[j] != 0) {
                        terms.add(yy + "·ln " + yh);
                    }
                    break;
            }
        }
        String sum = String.join(" + ", terms);
        if (l.equals("cross-entropy")) {
            return "−(" + sum + ")";
        }
        if (n == 1) {
            return sum;
        }
        return "(1/" + n + ")·[" + sum + "]";
    }

    static void check(String what, List<Factor> factors, double recorded) {
        double product = 1;
        for (Factor f : factors) {
            product *= f.value();
        }
        double scale = Math.max(Math.abs(recorded), Math.abs(product));
        if (Math.abs(product - recorded) > FACTOR_TOLERANCE * scale + 1e-300) {
            throw new IllegalStateException("explain: the chain-rule factors of " + what + " multiply to " + product
                    + " but the backward pass recorded " + recorded);
        }
    }

    /** Central differences for every parameter element, the loss evaluated without a graph. */
    private Map<String, Tensor> finiteDifferences() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> e : network.namedParameters().entrySet()) {
            Tensor v = e.getValue().value();
            Tensor num = Tensor.zeros(DType.FLOAT64, v.shape());
            for (int i = 0; i < v.size(); i++) {
                double original = v.get(i);
                v.set(i, original + EPSILON);
                double plus = lossValue();
                v.set(i, original - EPSILON);
                double minus = lossValue();
                v.set(i, original);
                num.set(i, (plus - minus) / (2 * EPSILON));
            }
            out.put(e.getKey(), num);
        }
        return out;
    }

    private static double[] row(Tensor t) {
        return t.toDoubleArray();
    }

    /** The activation's derivative as a factor: symbol {@code σ'(z¹₁)}, value from the engine's own rule. */
    private static final class ElementwiseDerivative {
        private final Activation activation;

        ElementwiseDerivative(Activation activation) {
            this.activation = activation;
        }

        String symbol(int layer, int j) {
            String f;
            switch (activation.name()) {
                case "sigmoid": f = "σ'"; break;
                case "tanh": f = "tanh'"; break;
                default: f = activation.name() + "'";
            }
            return f + "(z" + sup(layer) + sub(j) + ")";
        }

        double value(double z, double a) {
            return activation.function().derivative(z, a);
        }
    }
}
