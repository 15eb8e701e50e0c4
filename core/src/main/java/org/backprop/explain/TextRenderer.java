package org.backprop.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain Unicode text for a terminal: headings, and equations whose {@code =} signs line up within
 * each layer, with the finite-difference check in a column of its own.
 *
 * <p>With a width limit ({@link #render(Layout, int)}), a layer whose aligned equations would be
 * wider is written one step per line instead ({@code lhs = formula}, then {@code = numbers} and
 * {@code = value} under it), long sums break before a {@code +} or {@code ·}, and wide tables are
 * split into several, each repeating the step column.
 */
public final class TextRenderer {
    /** The width {@link Layout.Style#DELTA} output is written to: it fits a terminal or a slide. */
    public static final int SCREEN_WIDTH = 100;

    private TextRenderer() {
    }

    /**
     * The explanation as text in the original layout (no width limit), ending with a newline.
     *
     * @param e the explanation to write
     * @return the text, lines separated by {@code \n}
     */
    public static String render(Explanation e) {
        return render(Layout.of(e), 0);
    }

    /**
     * A layout as text, ending with a newline.
     *
     * @param layout the laid-out explanation (see
     *         {@link Layout#of(Explanation, WeightNotation, Layout.Style)})
     * @param maxWidth the widest line wanted in code points, or 0 for no limit (equations then stay on one
     *                 line each; tables are still split at {@link #SCREEN_WIDTH})
     * @return the text, lines separated by {@code \n}
     */
    public static String render(Layout layout, int maxWidth) {
        StringBuilder sb = new StringBuilder();
        sb.append(layout.title()).append('\n');
        for (String h : layout.header()) {
            appendWrapped(sb, "", h, "         ", maxWidth);
        }
        for (Layout.Section s : layout.sections()) {
            sb.append('\n').append(s.title()).append('\n');
            if (!s.note().isEmpty()) {
                appendWrapped(sb, "  ", "(" + s.note() + ")", "   ", maxWidth);
            }
            for (Layout.Group g : s.groups()) {
                String indent = g.heading().isEmpty() ? "  " : "    ";
                if (!g.heading().isEmpty()) {
                    sb.append("  ").append(g.heading()).append('\n');
                }
                appendAligned(sb, indent, g.rows(), maxWidth);
            }
            for (Layout.Table t : s.tables()) {
                appendTable(sb, "  ", t, maxWidth > 0 ? maxWidth : SCREEN_WIDTH);
            }
        }
        return sb.toString();
    }

    private static void appendAligned(StringBuilder sb, String indent, List<Layout.Row> rows, int maxWidth) {
        int[] width = new int[4];
        List<String[]> cells = new ArrayList<>();
        for (Layout.Row r : rows) {
            String[] c = {r.lhs(), r.symbolic(), r.numbers(), r.value()};
            cells.add(c);
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], length(c[i]));
            }
        }
        List<String> lines = new ArrayList<>();
        int widest = 0;
        for (int n = 0; n < rows.size(); n++) {
            String[] c = cells.get(n);
            StringBuilder line = new StringBuilder(indent);
            boolean first = true;
            for (int i = 0; i < 4; i++) {
                if (width[i] == 0) {
                    continue;
                }
                if (!first) {
                    line.append(c[i].isEmpty() ? "   " : " = ");
                }
                line.append(c[i]).append(" ".repeat(width[i] - length(c[i])));
                first = false;
            }
            String note = rows.get(n).note();
            if (!note.isEmpty()) {
                line.append("   ").append(note);
            }
            String text = line.toString().stripTrailing();
            widest = Math.max(widest, length(text));
            lines.add(text);
        }
        if (maxWidth > 0 && widest > maxWidth) {
            appendStacked(sb, indent, rows, width[0], maxWidth);
            return;
        }
        for (String l : lines) {
            sb.append(l).append('\n');
        }
    }

    /**
     * One cell per line: {@code lhs = formula}, then {@code = numbers = value   note} under it (or the numbers
     * and the value on lines of their own when together they are too wide).
     */
    private static void appendStacked(StringBuilder sb, String indent, List<Layout.Row> rows, int lhsWidth, int maxWidth) {
        String under = indent + " ".repeat(lhsWidth);
        for (Layout.Row r : rows) {
            List<String> rest = new ArrayList<>();
            for (String c : new String[] {r.symbolic(), r.numbers(), r.value()}) {
                if (!c.isEmpty()) {
                    rest.add(c);
                }
            }
            if (rest.size() == 3) { // numbers and value share a line when they fit
                String joined = rest.get(1) + " = " + rest.get(2);
                String note = r.note().isEmpty() ? "" : "   " + r.note();
                if (length(under + " = " + joined + note) <= maxWidth) {
                    rest.set(1, joined);
                    rest.remove(2);
                }
            }
            for (int i = 0; i < rest.size(); i++) {
                String lead = i == 0 ? indent + r.lhs() + " ".repeat(lhsWidth - length(r.lhs())) : under;
                String cell = rest.get(i) + (i == rest.size() - 1 && !r.note().isEmpty() ? "   " + r.note() : "");
                appendBroken(sb, lead + " = ", cell, under + "     ", maxWidth);
            }
        }
    }

    /** {@code lead + text}, breaking {@code text} before {@code " + "} or {@code " · "} to stay within the width. */
    private static void appendBroken(StringBuilder sb, String lead, String text, String continuation, int maxWidth) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length() - 2; i++) {
            if (text.charAt(i) == ' ' && (text.startsWith(" + ", i) || text.startsWith(" · ", i))) {
                pieces.add(text.substring(start, i));
                start = i + 1;
            }
        }
        pieces.add(text.substring(start));
        StringBuilder line = new StringBuilder(lead);
        boolean empty = true;
        for (String p : pieces) {
            if (!empty && length(line.toString()) + 1 + length(p) > maxWidth) {
                sb.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(continuation);
                empty = true;
            }
            line.append(empty ? "" : " ").append(p);
            empty = false;
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** Words of {@code text} after {@code first}, continuing lines with {@code hanging}, within the width. */
    private static void appendWrapped(StringBuilder sb, String first, String text, String hanging, int maxWidth) {
        if (maxWidth <= 0 || length(first + text) <= maxWidth) {
            sb.append(first).append(text).append('\n');
            return;
        }
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && length(line.toString()) + 1 + length(word) > maxWidth) {
                sb.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(hanging);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            if (!word.isEmpty()) {
                empty = false;
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** A right-aligned table, split into several when wider than {@code maxWidth}, each repeating the key columns. */
    private static void appendTable(StringBuilder sb, String indent, Layout.Table t, int maxWidth) {
        int columns = t.columns().size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = length(t.columns().get(c));
            for (List<String> row : t.rows()) {
                width[c] = Math.max(width[c], length(row.get(c)));
            }
        }
        int keyWidth = length(indent);
        for (int c = 0; c < t.keys(); c++) {
            keyWidth += width[c] + 2;
        }
        int from = t.keys();
        while (from < columns) {
            int to = from;
            int used = keyWidth;
            while (to < columns && (to == from || used + width[to] + 2 <= maxWidth)) {
                used += width[to] + 2;
                to++;
            }
            List<Integer> shown = new ArrayList<>();
            for (int c = 0; c < t.keys(); c++) {
                shown.add(c);
            }
            for (int c = from; c < to; c++) {
                shown.add(c);
            }
            appendTableRow(sb, indent, t.columns(), shown, width);
            for (List<String> row : t.rows()) {
                appendTableRow(sb, indent, row, shown, width);
            }
            from = to;
            if (from < columns) {
                sb.append('\n');
            }
        }
    }

    private static void appendTableRow(StringBuilder sb, String indent, List<String> cells, List<Integer> shown, int[] width) {
        StringBuilder line = new StringBuilder(indent);
        boolean first = true;
        for (int c : shown) {
            String cell = cells.get(c);
            line.append(first ? "" : "  ").append(" ".repeat(width[c] - length(cell))).append(cell);
            first = false;
        }
        sb.append(line).append('\n');
    }

    /** Display width in code points (the notation uses no double-width characters). */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
