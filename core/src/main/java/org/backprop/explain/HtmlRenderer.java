package org.backprop.explain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.io.Json;

/**
 * One self-contained HTML page: styles and script inline, every formula typeset as MathML (rendered
 * natively by browsers, so nothing is fetched and it works offline).
 *
 * <p>The page opens with the backward pass as a stepper ({@link #stepper}): the network drawn as a
 * diagram, stepped with previous/next through the forward pass layer by layer (each neuron shows
 * {@code z} and {@code a}), the loss, the backward pass from the output (each neuron shows {@code δ},
 * each edge {@code ∂L/∂w}, coloured by sign and drawn wider the larger it is) and the update (each
 * edge {@code old → new}), with the current stage's equations beside it. Then the computation graph
 * ({@link org.backprop.autograd.Variable#toSvg()}) and one table per layer with the columns
 * quantity, formula, numbers, value and finite-difference check.
 */
public final class HtmlRenderer {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:76em;"
            + "color:#222;padding:0 1em}h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em;"
            + "border-bottom:1px solid #ccc}h3{font-size:1em;margin:1em 0 .3em}table{border-collapse:collapse;"
            + "margin-bottom:.8em}td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left;"
            + "vertical-align:middle}td.v{text-align:right;font-variant-numeric:tabular-nums}td.fd{color:#666;"
            + "font-size:.9em}.note{color:#555;font-style:italic}math{font-size:1.05em}"
            + ".scroll{overflow-x:auto;max-width:100%}.graph{overflow:auto;max-height:40em;border:1px solid #eee}";

    private HtmlRenderer() {
    }

    /**
     * The explanation as a complete HTML document, in the original layout.
     *
     * @param e the explanation
     * @return the HTML5 document text, self-contained (style and script inline)
     */
    public static String render(Explanation e) {
        return render(e, Layout.of(e), WeightNotation.PYTORCH);
    }

    /**
     * The explanation as a complete HTML document, laid out as given.
     *
     * @param e the explanation, for the graph and the stepper
     * @param layout the laid-out explanation to typeset
     * @param notation the weight notation the stepper's equations use
     * @return the HTML5 document text, self-contained (style and script inline)
     */
    public static String render(Explanation e, Layout layout, WeightNotation notation) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(MathMl.escape(layout.title())).append("</title><style>").append(STYLE)
                .append(resource("stepper.css")).append("</style></head><body>\n<h1>")
                .append(MathMl.escape(layout.title())).append("</h1>\n<ul>\n");
        for (String h : layout.header()) {
            sb.append("<li>").append(MathMl.escape(h)).append("</li>\n");
        }
        sb.append("</ul>\n<h2>Step through it</h2>\n").append(stepper(e, layout, notation));
        sb.append("<h2>Computation graph</h2>\n<p class=\"note\">The graph the engine built for this example: each box "
                + "is a value (parameters blue, operations yellow, constants grey) with ∂L/∂value after the backward pass "
                + "(drawn by Variable.toSvg()).</p>\n<div class=\"graph\">")
                .append(Explainer.lossGraph(e.spec()).toSvg()).append("</div>\n");
        for (Layout.Section s : layout.sections()) {
            sb.append("<h2>").append(MathMl.escape(s.title())).append("</h2>\n");
            if (!s.note().isEmpty()) {
                sb.append("<p class=\"note\">").append(MathMl.escape(s.note())).append("</p>\n");
            }
            for (Layout.Group g : s.groups()) {
                if (!g.heading().isEmpty()) {
                    sb.append("<h3>").append(MathMl.escape(g.heading())).append("</h3>\n");
                }
                sb.append("<div class=\"scroll\"><table>\n");
                for (Layout.Row r : g.rows()) {
                    sb.append("<tr><td>").append(MathMl.math(r.lhs())).append("</td>");
                    for (String cell : new String[] {r.symbolic(), r.numbers()}) {
                        sb.append("<td>").append(cell.isEmpty() ? "" : MathMl.math("= " + cell)).append("</td>");
                    }
                    sb.append("<td class=\"v\">").append(MathMl.math("= " + r.value())).append("</td><td class=\"fd\">")
                            .append(MathMl.escape(r.note())).append("</td></tr>\n");
                }
                sb.append("</table></div>\n");
            }
            for (Layout.Table t : s.tables()) {
                sb.append("<div class=\"scroll\"><table class=\"trace\"><tr>");
                for (String c : t.columns()) {
                    sb.append("<th>").append(MathMl.escape(c)).append("</th>");
                }
                sb.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    sb.append("<tr>");
                    for (String c : row) {
                        sb.append("<td class=\"v\">").append(MathMl.escape(c)).append("</td>");
                    }
                    sb.append("</tr>\n");
                }
                sb.append("</table></div>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    /**
     * The interactive backward-pass stepper as one HTML fragment (a {@code <section>} with its data and
     * script inline): stages network, forward per layer, loss, backward per layer from the output, update.
     * Each stage's equations come from the layout's sections, typeset as MathML.
     *
     * @param e the explanation, for the network's sizes
     * @param layout the laid-out explanation whose sections feed the stages
     * @param notation the weight notation used in the stage equations
     * @return the HTML fragment, a {@code <section>} with its data and script inline
     */
    public static String stepper(Explanation e, Layout layout, WeightNotation notation) {
        List<Layout.Section> sections = layout.sections();
        Layout.Section forward = sections.get(0);
        Layout.Section loss = sections.get(1);
        Layout.Section backward = sections.get(2);
        Layout.Section updates = sections.get(3);
        int layers = e.spec().layers().size();
        StringBuilder stages = new StringBuilder();
        int n = 0;
        stages.append(stage(n++, "network", -1, "The network and the example",
                "inputs x on the left, each edge a weight (blue positive, orange negative, wider = larger |w|)", List.of()));
        for (int k = 0; k < layers; k++) {
            Layout.Group g = forward.groups().get(k);
            stages.append(stage(n++, "forward", k, "Forward: " + g.heading(), forward.note(), g.rows()));
        }
        stages.append(stage(n++, "loss", layers - 1, "Loss", "L = " + e.step().lossFormula(),
                loss.groups().get(0).rows()));
        for (int i = 0; i < layers; i++) {
            Layout.Group g = backward.groups().get(i);
            int k = layers - 1 - i;
            String formula = k == layers - 1
                    ? "δ = ∂L/∂z = ∂L/∂ŷ · f′(z);  ∂L/∂w = δ · (the edge's input);  ∂L/∂b = δ"
                    : "δᵏⱼ = f′(zᵏⱼ) · Σₘ wᵏ⁺¹(j→m) · δᵏ⁺¹ₘ;  ∂L/∂w = δ · (the edge's input);  ∂L/∂b = δ";
            stages.append(stage(n++, "backward", k, "Backward: " + g.heading(), formula, g.rows()));
        }
        List<Layout.Row> all = new ArrayList<>();
        for (Layout.Group g : updates.groups()) {
            all.addAll(g.rows());
        }
        stages.append(stage(n++, "update", -1, "Update", updates.note(), all));

        Map<String, Object> data = new LinkedHashMap<>(JsonRenderer.toMap(e));
        data.put("notation", notation.name().toLowerCase(Locale.ROOT));
        List<Object> widths = new ArrayList<>();
        widths.add((long) e.spec().input().length);
        for (ExplainSpec.Layer l : e.spec().layers()) {
            widths.add((long) l.outputs());
        }
        data.put("widths", widths);
        return "<section id=\"stepper\" class=\"stepper\">\n<div class=\"controls\"><button id=\"prev\" type=\"button\">◀ "
                + "previous</button> <button id=\"next\" type=\"button\">next ▶</button> <span id=\"stage-title\"></span>"
                + " <span class=\"hint\">(← → keys)</span></div>\n<div class=\"panes\"><div class=\"diagram\">"
                + "<svg id=\"net\" role=\"img\" aria-label=\"the network\"></svg></div>\n<div class=\"formulas\">"
                + stages + "</div></div>\n<script type=\"application/json\" id=\"explain-data\">"
                + Json.write(data).replace("</", "<\\/") + "</script>\n<script>" + resource("stepper.js")
                + "</script>\n</section>\n";
    }

    private static String stage(int index, String kind, int layer, String title, String formula, List<Layout.Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<div class=\"stage\" data-stage=\"%d\" data-kind=\"%s\" data-layer=\"%d\" "
                + "data-title=\"%s\" hidden>\n", index, kind, layer, MathMl.escape(title)));
        sb.append("<p class=\"formula\">").append(MathMl.escape(formula)).append("</p>\n");
        if (!rows.isEmpty()) {
            sb.append("<table class=\"eqs\">\n");
            for (Layout.Row r : rows) {
                List<String> rest = new ArrayList<>();
                for (String c : new String[] {r.symbolic(), r.numbers(), r.value()}) {
                    if (!c.isEmpty()) {
                        rest.add(c);
                    }
                }
                for (int i = 0; i < rest.size(); i++) {
                    sb.append("<tr").append(i == 0 ? " class=\"first\"" : "").append("><td>")
                            .append(i == 0 ? MathMl.math(r.lhs()) : "").append("</td><td>")
                            .append(MathMl.math("= " + rest.get(i)))
                            .append(i == rest.size() - 1 && !r.note().isEmpty()
                                    ? " <span class=\"fd\">" + MathMl.escape(r.note()) + "</span>" : "")
                            .append("</td></tr>\n");
                }
            }
            sb.append("</table>\n");
        }
        return sb.append("</div>\n").toString();
    }

    /** A text resource next to this class (the stepper's script and style). */
    static String resource(String name) {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("explain: resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
