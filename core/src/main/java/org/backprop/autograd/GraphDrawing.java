package org.backprop.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.tensor.Tensor;

/**
 * Draws the computation graph behind a {@link Variable}, as micrograd draws it: one box per node
 * with the operation (or the leaf's name), the value and, after a backward pass, the gradient
 * {@code ∂L/∂node}; an arrow from each input to the node it feeds.
 *
 * <p>Two outputs: Graphviz DOT text ({@link #dot}) for those who have Graphviz, and a self-laid-out
 * SVG ({@link #svg}) that needs nothing: nodes go in columns by their depth (one more than the deepest
 * input; a leaf just before the first node that uses it), and each column is ordered by the mean row of the node's inputs
 * (one barycentre pass), which keeps the arrows of a layered network from crossing. Constants
 * (inputs, targets) are drawn too, in grey.
 */
final class GraphDrawing {
    /** The advance of one character of the 11-pixel monospace font, a little generous. */
    private static final double CHAR_WIDTH = 6.8;
    private static final int LINE = 15;
    private static final int GAP_X = 56;
    private static final int GAP_Y = 18;
    private static final int MAX_SHOWN = 4;

    private final List<Variable> nodes = new ArrayList<>();
    private final Map<Variable, Integer> index = new IdentityHashMap<>();
    private final List<int[]> edges = new ArrayList<>(); // {from, to}

    GraphDrawing(Variable root) {
        collect(root);
    }

    /** Every node reachable from the root (constants included), each after its inputs. */
    private void collect(Variable root) {
        java.util.Deque<Object[]> stack = new java.util.ArrayDeque<>();
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Variable node = (Variable) frame[0];
            int next = (Integer) frame[1];
            List<Variable> in = node.inputs();
            if (next < in.size()) {
                frame[1] = next + 1;
                if (seen.put(in.get(next), Boolean.TRUE) == null) {
                    stack.push(new Object[] {in.get(next), 0});
                }
            } else {
                stack.pop();
                index.put(node, nodes.size());
                nodes.add(node);
            }
        }
        for (Variable n : nodes) {
            for (Variable in : n.inputs()) {
                edges.add(new int[] {index.get(in), index.get(n)});
            }
        }
    }

    /** The graph as Graphviz DOT, left to right. */
    String dot() {
        StringBuilder sb = new StringBuilder("digraph computation {\n  rankdir=LR;\n  node [shape=record, fontname=\"monospace\"];\n");
        for (int i = 0; i < nodes.size(); i++) {
            Variable v = nodes.get(i);
            List<String> lines = lines(v);
            sb.append("  n").append(i).append(" [label=\"{");
            for (int l = 0; l < lines.size(); l++) {
                sb.append(l > 0 ? " | " : "").append(dotEscape(lines.get(l)));
            }
            sb.append("}\"").append(v.requiresGrad() ? "" : ", color=gray, fontcolor=gray").append("];\n");
        }
        for (int[] e : edges) {
            sb.append("  n").append(e[0]).append(" -> n").append(e[1]).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    /** The graph as a standalone SVG document laid out here (no Graphviz). */
    String svg() {
        int n = nodes.size();
        int[] depth = new int[n];
        int columns = 0;
        for (int i = 0; i < n; i++) { // nodes are in topological order
            for (Variable in : nodes.get(i).inputs()) {
                depth[i] = Math.max(depth[i], depth[index.get(in)] + 1);
            }
            columns = Math.max(columns, depth[i] + 1);
        }
        // a leaf stands in the column just before the first node that uses it, not far off in column 0
        int[] firstUse = new int[n];
        java.util.Arrays.fill(firstUse, Integer.MAX_VALUE);
        for (int[] e : edges) {
            firstUse[e[0]] = Math.min(firstUse[e[0]], depth[e[1]]);
        }
        for (int i = 0; i < n; i++) {
            if (nodes.get(i).isLeaf() && firstUse[i] != Integer.MAX_VALUE) {
                depth[i] = firstUse[i] - 1;
            }
        }
        List<List<Integer>> column = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            column.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            column.get(depth[i]).add(i);
        }
        double[] rank = new double[n];
        for (List<Integer> col : column) {
            for (int r = 0; r < col.size(); r++) {
                rank[col.get(r)] = r;
            }
        }
        // barycentre pass from the right: a leaf sits by the node it feeds
        for (int c = columns - 1; c >= 0; c--) {
            for (int i : column.get(c)) {
                for (int[] e : edges) {
                    if (e[0] == i && depth[e[1]] == c + 1) {
                        rank[i] = rank[e[1]] + rank[i] * 1e-3;
                        break;
                    }
                }
            }
            column.get(c).sort((a, b) -> Double.compare(rank[a], rank[b]));
            for (int r = 0; r < column.get(c).size(); r++) {
                rank[column.get(c).get(r)] = r;
            }
        }
        int boxWidth = 120;
        for (Variable v : nodes) {
            for (String line : lines(v)) {
                boxWidth = Math.max(boxWidth, (int) Math.ceil(line.length() * CHAR_WIDTH) + 14);
            }
        }
        int[] height = new int[n];
        int[] x = new int[n];
        int[] y = new int[n];
        int total = 0;
        for (int c = 0; c < columns; c++) {
            int at = 10;
            for (int i : column.get(c)) {
                height[i] = 10 + LINE * lines(nodes.get(i)).size();
                x[i] = 10 + c * (boxWidth + GAP_X);
                y[i] = at;
                at += height[i] + GAP_Y;
            }
            total = Math.max(total, at);
        }
        int width = 10 + columns * (boxWidth + GAP_X) - GAP_X + 10;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"computation-graph\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"11\">\n",
                width, total, width, total));
        sb.append("<defs><marker id=\"cg-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" "
                + "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#888\"/></marker></defs>\n");
        for (int[] e : edges) {
            int x1 = x[e[0]] + boxWidth;
            int y1 = y[e[0]] + height[e[0]] / 2;
            int x2 = x[e[1]];
            int y2 = y[e[1]] + height[e[1]] / 2;
            int mid = (x1 + x2) / 2;
            sb.append(String.format(Locale.ROOT, "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#888\" "
                    + "marker-end=\"url(#cg-arrow)\"/>\n", x1, y1, mid, y1, mid, y2, x2, y2));
        }
        for (int i = 0; i < n; i++) {
            Variable v = nodes.get(i);
            boolean constant = !v.requiresGrad();
            sb.append(String.format(Locale.ROOT, "<g class=\"cg-node\" data-op=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
                    + "height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"%s\"/>\n", xml(title(v)), x[i], y[i], boxWidth, height[i],
                    constant ? "#f4f4f4" : v.isLeaf() ? "#e8f0fb" : "#fff8e6", constant ? "#bbb" : "#777"));
            List<String> lines = lines(v);
            for (int l = 0; l < lines.size(); l++) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>\n", x[i] + 6,
                        y[i] + 5 + LINE * (l + 1) - 3, l == 0 ? " font-weight=\"bold\"" : constant ? " fill=\"#777\"" : "",
                        xml(lines.get(l))));
            }
            sb.append("</g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    private static String title(Variable v) {
        if (v.name() != null) {
            return v.name();
        }
        return v.isLeaf() ? (v.requiresGrad() ? "parameter" : "constant") : v.function().name();
    }

    /** The box's lines: title with shape, value, gradient (if any). */
    private static List<String> lines(Variable v) {
        List<String> out = new ArrayList<>();
        String shape = v.value().shape().toString();
        String t = title(v);
        if (v.name() != null && !v.isLeaf()) {
            t += " (" + v.function().name() + ")";
        }
        out.add(v.value().shape().rank() == 0 ? t : t + " " + shape);
        out.add("value " + values(v.value()));
        if (v.grad() != null) {
            out.add("grad  " + values(v.grad()));
        }
        return out;
    }

    private static String values(Tensor t) {
        StringBuilder sb = new StringBuilder("[");
        int shown = Math.min(t.size(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            sb.append(i > 0 ? ", " : "").append(format(t.get(i)));
        }
        return sb.append(t.size() > shown ? ", …]" : "]").toString();
    }

    private static String format(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String dotEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}").replace("|", "\\|")
                .replace("<", "\\<").replace(">", "\\>");
    }
}
