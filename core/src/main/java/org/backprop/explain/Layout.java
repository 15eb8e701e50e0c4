package org.backprop.explain;

import static org.backprop.explain.Notation.num;
import static org.backprop.explain.Notation.sub;
import static org.backprop.explain.Notation.sup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backprop.explain.Explanation.Factor;
import org.backprop.explain.Explanation.Gradient;
import org.backprop.explain.Explanation.LayerBackward;
import org.backprop.explain.Explanation.LayerForward;
import org.backprop.explain.Explanation.Step;

/**
 * The order and wording of an explanation, shared by every renderer: a title, a few header lines and
 * sections of equations. Each equation is a row of cells {@code lhs = symbolic = numbers = value}
 * plus a note (the finite-difference check), so the text renderer can align the columns, Markdown
 * can make tables and HTML can typeset each cell as MathML.
 *
 * @param title    the first line
 * @param header   lines describing the network, the example, the loss and η
 * @param sections the forward pass, loss, backward pass, updates, check and the loss over steps
 */
public record Layout(String title, List<String> header, List<Section> sections) {

    /**
     * One section.
     *
     * @param title   its heading, such as {@code Forward pass}
     * @param note    a line under the heading, or empty
     * @param groups  groups of rows (one per layer), each with an optional sub-heading
     * @param tables  tables of numbers after the equations, possibly empty
     */
    public record Section(String title, String note, List<Group> groups, List<Table> tables) {
        /**
         * A section of equations only.
         *
         * @param title its heading
         * @param note a line under the heading, or empty
         * @param groups groups of rows (one per layer)
         */
        public Section(String title, String note, List<Group> groups) {
            this(title, note, groups, List.of());
        }
    }

    /**
     * A table of numbers, such as the weights after each step.
     *
     * @param columns the column headings
     * @param rows    the cells, one list per row, as many as there are columns
     * @param keys    how many leading columns identify a row (repeated when a renderer splits a wide table)
     */
    public record Table(List<String> columns, List<List<String>> rows, int keys) {
    }

    /** How the backward pass is written. */
    public enum Style {
        /** Every gradient as its whole chain of factors (the original layout; {@code [out][in]} notation only). */
        CHAIN,
        /**
         * The slides' intermediate quantities: {@code ∂L/∂ŷ}, {@code ∂L/∂a} per hidden neuron as a sum with
         * every term, {@code f′(z)} filled in, {@code δ = f′(z)·∂L/∂a}, and each gradient as {@code δ·a}.
         */
        DELTA
    }

    /**
     * Rows under a sub-heading.
     *
     * @param heading such as {@code Layer 1 (sigmoid)}, or empty
     * @param rows    the equations
     */
    public record Group(String heading, List<Row> rows) {
    }

    /**
     * One equation {@code lhs = symbolic = numbers = value}; empty cells are left out.
     *
     * @param lhs      the quantity, such as {@code z¹₁}
     * @param symbolic the formula in symbols
     * @param numbers  the formula with the numbers put in
     * @param value    the result
     * @param note     a remark after the equation (the finite-difference check), or empty
     */
    public record Row(String lhs, String symbolic, String numbers, String value, String note) {
        /**
         * The non-empty cells in order: lhs, symbolic, numbers, value.
         *
         * @return the list of the non-empty cells, at most four
         */
        public List<String> cells() {
            List<String> c = new ArrayList<>();
            for (String s : new String[] {lhs, symbolic, numbers, value}) {
                if (!s.isEmpty()) {
                    c.add(s);
                }
            }
            return c;
        }
    }

    /**
     * Lays out an explanation the original way: {@link Style#CHAIN}, {@link WeightNotation#PYTORCH}.
     *
     * @param e the explanation
     * @return the layout in {@link Style#CHAIN} style and {@link WeightNotation#PYTORCH} notation
     */
    public static Layout of(Explanation e) {
        return of(e, WeightNotation.PYTORCH, Style.CHAIN);
    }

    /**
     * Lays out an explanation in the given notation and style.
     *
     * @param e the explanation
     * @param notation how weight indices are written
     * @param style how the backward pass is written
     * @return the layout, ready for any renderer
     * @throws IllegalArgumentException for {@link Style#CHAIN} with {@link WeightNotation#LECTURE}
     */
    public static Layout of(Explanation e, WeightNotation notation, Style style) {
        if (style == Style.CHAIN && notation != WeightNotation.PYTORCH) {
            throw new IllegalArgumentException("the chain layout is written in pytorch notation only; "
                    + "use the delta layout with lecture notation");
        }
        ExplainSpec spec = e.spec();
        Step step = e.step();
        List<String> header = new ArrayList<>();
        StringBuilder arch = new StringBuilder().append(spec.input().length).append(" inputs");
        for (ExplainSpec.Layer l : spec.layers()) {
            arch.append(" → ").append(l.outputs()).append(' ').append(l.activation());
        }
        boolean chain = style == Style.CHAIN;
        header.add("Network: " + arch + (chain ? " (weights [out][in])" : ""));
        if (!chain) {
            header.add(notation.legend());
        }
        header.add("Input:   x = " + vector(spec.input()) + "    target: y = " + vector(spec.target()));
        header.add("Loss:    " + spec.loss() + ", L = " + step.lossFormula() + "    learning rate: η = " + num(spec.learningRate()));

        List<Section> sections = new ArrayList<>();
        sections.add(forward(step, notation));
        sections.add(new Section("Loss", chain ? "" : DeltaLayout.averaging(spec), List.of(new Group("", List.of(
                new Row("L", step.lossFormula(), step.lossSubstituted(), num(step.loss()), ""))))));
        sections.add(chain ? backward(step) : DeltaLayout.backward(spec, step, notation));
        sections.add(updates(step, spec.learningRate(), notation));
        if (e.steps() > 1) {
            List<Row> rows = new ArrayList<>();
            double[] losses = e.losses();
            for (int s = 0; s < losses.length; s++) {
                rows.add(new Row("L" + sub(s + 1), "", "", num(losses[s]), s == 0 ? "before update 1" : ""));
            }
            rows.add(new Row("L" + sub(losses.length + 1), "", "", num(e.finalLoss()), "after " + losses.length + " updates"));
            sections.add(new Section("Loss over " + losses.length + " steps", "forward, backward, update, repeated",
                    List.of(new Group("", rows))));
            sections.add(trace(e, notation));
        }
        String title = "Backpropagation, step by step: " + (e.steps() == 1 ? "one step" : e.steps() + " steps")
                + " of gradient descent on one example";
        return new Layout(title, List.copyOf(header), List.copyOf(sections));
    }

    /** The weights and the loss after each step, one column per parameter element. */
    private static Section trace(Explanation e, WeightNotation notation) {
        List<String> columns = new ArrayList<>(List.of("step", "L"));
        List<LayerBackward> backward = e.step().backward();
        for (int i = backward.size() - 1; i >= 0; i--) {
            LayerBackward b = backward.get(i);
            List<Gradient> all = new ArrayList<>(b.weights());
            all.addAll(b.biases());
            for (Gradient g : all) {
                columns.add(symbol(b.layer(), g, notation));
            }
        }
        double[][] trace = e.trace();
        double[] losses = e.losses();
        List<List<String>> rows = new ArrayList<>();
        for (int s = 0; s < trace.length; s++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(s));
            row.add(num(s < losses.length ? losses[s] : e.finalLoss()));
            for (double v : trace[s]) {
                row.add(num(v));
            }
            rows.add(row);
        }
        return new Section("Weights after each step", "step 0 is the start; L is the loss at those weights", List.of(),
                List.of(new Table(List.copyOf(columns), List.copyOf(rows), 1)));
    }

    /** A gradient's parameter element in the given notation: {@code w¹₁₂} or {@code b²₁}. */
    static String symbol(int k, Gradient g, WeightNotation notation) {
        return g.isWeight() ? notation.weight(k, g.row() + 1, g.col() + 1) : "b" + sup(k) + sub(g.row() + 1);
    }

    private static Section forward(Step step, WeightNotation notation) {
        List<Group> groups = new ArrayList<>();
        int layers = step.forward().size();
        for (LayerForward f : step.forward()) {
            int k = f.layer();
            String in = k == 1 ? "x" : "a" + sup(k - 1);
            List<Row> rows = new ArrayList<>();
            for (int j = 0; j < f.z().length; j++) {
                StringBuilder sym = new StringBuilder();
                StringBuilder nums = new StringBuilder();
                for (int i = 0; i < f.input().length; i++) {
                    sym.append(i > 0 ? " + " : "").append(notation.weight(k, j + 1, i + 1)).append('·')
                            .append(in).append(sub(i + 1));
                    nums.append(i > 0 ? " + " : "").append(Notation.paren(f.weights()[j][i])).append('·')
                            .append(Notation.paren(f.input()[i]));
                }
                sym.append(" + b").append(sup(k)).append(sub(j + 1));
                nums.append(" + ").append(Notation.paren(f.biases()[j]));
                rows.add(new Row("z" + sup(k) + sub(j + 1), sym.toString(), nums.toString(), num(f.z()[j]), ""));
            }
            for (int j = 0; j < f.a().length; j++) {
                String lhs = (k == layers ? "ŷ" + sub(j + 1) + " = " : "") + "a" + sup(k) + sub(j + 1);
                String fn = activationSymbol(f.activation());
                String zs = "z" + sup(k) + sub(j + 1);
                if (fn.equals("softmax")) {
                    // a row function: aⱼ = e^zⱼ / Σₘ e^zₘ depends on every z of the layer
                    rows.add(new Row(lhs, "softmax(z" + sup(k) + ")" + sub(j + 1), "", num(f.a()[j]), ""));
                    continue;
                }
                rows.add(new Row(lhs, fn.isEmpty() ? zs : fn + "(" + zs + ")",
                        fn.isEmpty() ? "" : fn + "(" + num(f.z()[j]) + ")", num(f.a()[j]), ""));
            }
            groups.add(new Group("Layer " + k + " (" + f.activation() + ")", rows));
        }
        return new Section("Forward pass", "z = Σ w·x + b, a = f(z)", groups);
    }

    private static String activationSymbol(String activation) {
        String name = activation.contains("(") ? activation.substring(0, activation.indexOf('(')) : activation;
        switch (name) {
            case "identity": return "";
            case "sigmoid": return "σ";
            default: return name;
        }
    }

    private static Section backward(Step step) {
        List<Group> groups = new ArrayList<>();
        for (LayerBackward b : step.backward()) {
            int k = b.layer();
            List<Row> rows = new ArrayList<>();
            for (int j = 0; j < b.delta().length; j++) {
                List<Factor> fs = b.deltaFactors().get(j);
                rows.add(new Row("δ" + sup(k) + sub(j + 1) + " = ∂L/∂z" + sup(k) + sub(j + 1), symbols(fs), numbers(fs),
                        num(b.delta()[j]), ""));
            }
            for (Gradient g : b.weights()) {
                rows.add(gradientRow(g));
            }
            for (Gradient g : b.biases()) {
                rows.add(gradientRow(g));
            }
            groups.add(new Group("Layer " + k + " (" + step.forward().get(k - 1).activation() + ")", rows));
        }
        return new Section("Backward pass", "output → input; values recorded by the backward sweep as chain-rule factors "
                + "that multiply to them; fd = central finite difference, ε = " + num(step.epsilon()), groups);
    }

    private static Row gradientRow(Gradient g) {
        List<Factor> fs = new ArrayList<>(g.factors());
        if (!g.isWeight()) {
            fs.add(new Factor("1", 1));
        }
        return new Row("∂L/∂" + g.symbol(), symbols(fs), numbers(fs), num(g.gradient()), "fd " + num(g.numeric()));
    }

    private static Section updates(Step step, double eta, WeightNotation notation) {
        List<Group> groups = new ArrayList<>();
        for (int i = step.backward().size() - 1; i >= 0; i--) {
            LayerBackward b = step.backward().get(i);
            List<Row> rows = new ArrayList<>();
            List<Gradient> all = new ArrayList<>(b.weights());
            all.addAll(b.biases());
            for (Gradient g : all) {
                String sym = symbol(b.layer(), g, notation);
                rows.add(new Row(sym + "′", sym + " − η·∂L/∂" + sym,
                        num(g.value()) + " − " + num(eta) + "·" + Notation.paren(g.gradient()), num(g.updated()), ""));
            }
            groups.add(new Group("Layer " + b.layer(), rows));
        }
        return new Section("Updates", String.format(Locale.ROOT, "w′ = w − η·∂L/∂w, plain gradient descent, η = %s",
                num(eta)), groups);
    }

    private static String symbols(List<Factor> fs) {
        StringBuilder sb = new StringBuilder();
        for (Factor f : fs) {
            sb.append(sb.length() > 0 ? " · " : "").append(f.symbol());
        }
        return sb.toString();
    }

    private static String numbers(List<Factor> fs) {
        if (fs.size() == 1) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Factor f : fs) {
            sb.append(sb.length() > 0 ? " · " : "").append(Notation.paren(f.value()));
        }
        return sb.toString();
    }

    static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(num(v[i]));
        }
        return sb.append(')').toString();
    }
}
