package org.backprop.explain;

import static org.backprop.explain.Notation.num;
import static org.backprop.explain.Notation.paren;
import static org.backprop.explain.Notation.sub;
import static org.backprop.explain.Notation.sup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backprop.explain.Explanation.Gradient;
import org.backprop.explain.Explanation.LayerBackward;
import org.backprop.explain.Explanation.LayerForward;
import org.backprop.explain.Explanation.Step;
import org.backprop.explain.Layout.Group;
import org.backprop.explain.Layout.Row;
import org.backprop.explain.Layout.Section;
import org.backprop.nn.Activation;

/**
 * The backward pass in the quantities the slides name ({@link Layout.Style#DELTA}), layer by layer from
 * the output:
 *
 * <ul>
 *   <li>output layer: {@code ∂L/∂ŷⱼ} from the loss (or, fused with a sigmoid/softmax, {@code δ = ŷ − y});</li>
 *   <li>hidden layer {@code k}: {@code ∂L/∂aᵏⱼ = Σₘ wᵏ⁺¹(j→m)·δᵏ⁺¹ₘ} with every term, {@code f′(zᵏⱼ)} with the
 *       numbers filled in (for a sigmoid {@code a(1−a)}), and {@code δᵏⱼ = f′(zᵏⱼ)·∂L/∂aᵏⱼ};</li>
 *   <li>each gradient {@code ∂L/∂wᵏ = δᵏⱼ·aᵏ⁻¹ᵢ}, {@code ∂L/∂bᵏⱼ = δᵏⱼ}, beside its finite difference.</li>
 * </ul>
 *
 * <p>Every value shown on the right of an equation is the one the backward sweep recorded
 * ({@link LayerBackward#upstream()}, {@link LayerBackward#delta()}, {@link Gradient#gradient()}); the
 * filled-in formulas are recomputed from the shown numbers and checked against it
 * ({@link Explainer#check}), so the page can never show a sum that does not add up.
 */
final class DeltaLayout {
    private DeltaLayout() {
    }

    /** The averaging convention of the loss, when there is one to state (several outputs), else empty. */
    static String averaging(ExplainSpec spec) {
        int n = spec.outputs();
        switch (spec.loss().toLowerCase(Locale.ROOT)) {
            case "mse":
                return n == 1 ? "" : "mse averages over the n = " + n + " outputs: L = (1/n)·Σⱼ (ŷⱼ − yⱼ)², "
                        + "so ∂L/∂ŷⱼ = (2/n)(ŷⱼ − yⱼ)";
            case "half-squared":
                return n == 1 ? "" : "half-squared averages over the n = " + n + " outputs: L = (1/n)·Σⱼ ½(ŷⱼ − yⱼ)², "
                        + "so ∂L/∂ŷⱼ = (1/n)(ŷⱼ − yⱼ)";
            case "bce":
                return n == 1 ? "" : "bce averages over the n = " + n + " outputs, so δⱼ = (ŷⱼ − yⱼ)/n";
            default:
                return "cross-entropy sums over the classes of the one example (no averaging)";
        }
    }

    /** The backward section. */
    static Section backward(ExplainSpec spec, Step step, WeightNotation notation) {
        List<Group> groups = new ArrayList<>();
        int last = step.forward().size();
        for (LayerBackward b : step.backward()) {
            int k = b.layer();
            LayerForward f = step.forward().get(k - 1);
            List<Row> rows = new ArrayList<>();
            if (k == last) {
                outputRows(spec, step, b, f, rows);
            } else {
                hiddenRows(step.backward().get(last - k - 1), step.forward().get(k), b, f, notation, rows);
            }
            String in = k == 1 ? "x" : "a" + sup(k - 1);
            List<Gradient> all = new ArrayList<>(b.weights());
            all.addAll(b.biases());
            for (Gradient g : all) {
                String d = "δ" + sup(k) + sub(g.row() + 1);
                String lhs = "∂L/∂" + Layout.symbol(k, g, notation);
                String fd = "fd " + num(g.numeric());
                if (g.isWeight()) {
                    double input = f.input()[g.col()];
                    Explainer.check(lhs, List.of(new Explanation.Factor(d, b.delta()[g.row()]),
                            new Explanation.Factor(in, input)), g.gradient());
                    rows.add(new Row(lhs, d + "·" + in + sub(g.col() + 1),
                            paren(b.delta()[g.row()]) + "·" + paren(input), num(g.gradient()), fd));
                } else {
                    Explainer.check(lhs, List.of(new Explanation.Factor(d, b.delta()[g.row()])), g.gradient());
                    rows.add(new Row(lhs, d, "", num(g.gradient()), fd));
                }
            }
            groups.add(new Group("Layer " + k + " (" + f.activation() + ")", rows));
        }
        return new Section("Backward pass", "output → input; every value is the one the backward sweep recorded, "
                + "δ = ∂L/∂z; fd = central finite difference, ε = " + num(step.epsilon()), groups);
    }

    private static void outputRows(ExplainSpec spec, Step step, LayerBackward b, LayerForward f, List<Row> rows) {
        int k = b.layer();
        int n = b.delta().length;
        String loss = spec.loss().toLowerCase(Locale.ROOT);
        double[] y = spec.target();
        if (b.upstream() == null) { // fused: bce on a sigmoid, cross-entropy on a softmax
            String per = loss.equals("bce") && n > 1 ? "/" + n : "";
            double divide = per.isEmpty() ? 1 : n;
            for (int j = 0; j < n; j++) {
                String s = "(ŷ" + sub(j + 1) + " − y" + sub(j + 1) + ")" + per;
                double filled = (f.a()[j] - y[j]) / divide;
                check("δ" + sup(k) + sub(j + 1), filled, b.delta()[j]);
                rows.add(new Row("δ" + sup(k) + sub(j + 1) + " = ∂L/∂z" + sup(k) + sub(j + 1), s,
                        "(" + num(f.a()[j]) + " − " + num(y[j]) + ")" + per, num(b.delta()[j]),
                        j == 0 ? (loss.equals("bce") ? "bce and sigmoid together" : "cross-entropy and softmax together")
                                : ""));
            }
            return;
        }
        if (loss.equals("bce")) { // the sweep went through the sigmoid: ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)), averaged over n
            String per = n > 1 ? "/" + n : "";
            for (int j = 0; j < n; j++) {
                String dy = "∂L/∂ŷ" + sub(j + 1);
                double a = f.a()[j];
                check(dy, (a - y[j]) / (a * (1 - a)) / n, b.upstream()[j]);
                rows.add(new Row(dy, "(ŷ" + sub(j + 1) + " − y" + sub(j + 1) + ")/(ŷ" + sub(j + 1) + "(1 − ŷ" + sub(j + 1)
                        + "))" + per, "(" + num(a) + " − " + num(y[j]) + ")/(" + num(a) + "·(1 − " + num(a) + "))" + per,
                        num(b.upstream()[j]), ""));
            }
            derivativeAndDeltaRows(b, f, "∂L/∂ŷ", rows);
            return;
        }
        boolean mse = loss.equals("mse");
        String coefficient = mse ? (n == 1 ? "2" : "(2/" + n + ")") : (n == 1 ? "" : "(1/" + n + ")");
        double c = (mse ? 2.0 : 1.0) / n;
        for (int j = 0; j < n; j++) {
            String dy = "∂L/∂ŷ" + sub(j + 1);
            double filled = c * (f.a()[j] - y[j]);
            check(dy, filled, b.upstream()[j]);
            rows.add(new Row(dy, coefficient + "(ŷ" + sub(j + 1) + " − y" + sub(j + 1) + ")",
                    (coefficient.isEmpty() ? "" : coefficient + "·") + "(" + num(f.a()[j]) + " − " + num(y[j]) + ")",
                    num(b.upstream()[j]), ""));
        }
        derivativeAndDeltaRows(b, f, "∂L/∂ŷ", rows);
    }

    private static void hiddenRows(LayerBackward next, LayerForward nextForward, LayerBackward b, LayerForward f,
                                   WeightNotation notation, List<Row> rows) {
        int k = b.layer();
        double[][] w = nextForward.weights();
        for (int j = 0; j < b.delta().length; j++) {
            StringBuilder sym = new StringBuilder();
            StringBuilder nums = new StringBuilder();
            double sum = 0;
            for (int m = 0; m < next.delta().length; m++) {
                String sep = m > 0 ? " + " : "";
                sym.append(sep).append(notation.weight(k + 1, m + 1, j + 1)).append("·δ").append(sup(k + 1)).append(sub(m + 1));
                nums.append(sep).append(paren(w[m][j])).append('·').append(paren(next.delta()[m]));
                sum += w[m][j] * next.delta()[m];
            }
            String lhs = "∂L/∂a" + sup(k) + sub(j + 1);
            check(lhs, sum, b.upstream()[j]);
            rows.add(new Row(lhs, sym.toString(), nums.toString(), num(b.upstream()[j]), ""));
        }
        derivativeAndDeltaRows(b, f, "∂L/∂a" + sup(k), rows);
    }

    /** {@code f′(zⱼ)} with its numbers (unless the activation is the identity), then {@code δⱼ = f′(zⱼ)·upstreamⱼ}. */
    private static void derivativeAndDeltaRows(LayerBackward b, LayerForward f, String upstream, List<Row> rows) {
        int k = b.layer();
        Activation act = Activation.parse(f.activation());
        boolean identity = act.name().equals("identity");
        String prime = primeSymbol(act);
        for (int j = 0; !identity && j < b.delta().length; j++) {
            String z = "z" + sup(k) + sub(j + 1);
            String a = "a" + sup(k) + sub(j + 1);
            double value = act.function().derivative(f.z()[j], f.a()[j]);
            String[] filled = filledDerivative(act, z, a, f.z()[j], f.a()[j]);
            rows.add(new Row(prime + "(" + z + ")", filled[0], filled[1], num(value), ""));
        }
        for (int j = 0; j < b.delta().length; j++) {
            String d = "δ" + sup(k) + sub(j + 1) + " = ∂L/∂z" + sup(k) + sub(j + 1);
            String up = upstream + sub(j + 1);
            if (identity) {
                check(d, b.upstream()[j], b.delta()[j]);
                rows.add(new Row(d, up, "", num(b.delta()[j]), "identity: f′ = 1"));
                continue;
            }
            double value = act.function().derivative(f.z()[j], f.a()[j]);
            check(d, value * b.upstream()[j], b.delta()[j]);
            rows.add(new Row(d, prime + "(z" + sup(k) + sub(j + 1) + ")·" + up,
                    paren(value) + "·" + paren(b.upstream()[j]), num(b.delta()[j]), ""));
        }
    }

    private static String primeSymbol(Activation act) {
        return (act.name().equals("sigmoid") ? "σ" : act.name()) + "′";
    }

    /**
     * The derivative written out where the slides write it out ({@code a(1−a)}, {@code 1−a²}, the ReLU
     * step), with its numbers; for other activations the derivative at the number. Checked against the
     * engine's own rule.
     */
    private static String[] filledDerivative(Activation act, String zs, String as, double z, double a) {
        double engine = act.function().derivative(z, a);
        String[] out;
        double value;
        switch (act.name()) {
            case "sigmoid":
                out = new String[] {as + "(1 − " + as + ")", num(a) + "·(1 − " + num(a) + ")"};
                value = a * (1 - a);
                break;
            case "tanh":
                out = new String[] {"1 − (" + as + ")²", "1 − " + paren(a) + "²"};
                value = 1 - a * a;
                break;
            case "relu":
                out = new String[] {"[" + zs + " > 0]", "[" + num(z) + " > 0]"};
                value = z > 0 ? 1 : 0;
                break;
            default:
                return new String[] {"", primeSymbol(act) + "(" + num(z) + ")"};
        }
        check(primeSymbol(act) + "(" + zs + ")", value, engine);
        return out;
    }

    private static void check(String what, double filled, double recorded) {
        Explainer.check(what, List.of(new Explanation.Factor(what, filled)), recorded);
    }
}
