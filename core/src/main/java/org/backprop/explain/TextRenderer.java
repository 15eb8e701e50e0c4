package org.backprop.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain Unicode text for a terminal: headings, and equations whose {@code =} signs line up within
 * each layer, with the finite-difference check in a column of its own.
 */
public final class TextRenderer {
    private TextRenderer() {
    }

    /** The explanation as text, ending with a newline. */
    public static String render(Explanation e) {
        Layout layout = Layout.of(e);
        StringBuilder sb = new StringBuilder();
        sb.append(layout.title()).append('\n');
        for (String h : layout.header()) {
            sb.append(h).append('\n');
        }
        for (Layout.Section s : layout.sections()) {
            sb.append('\n').append(s.title()).append('\n');
            if (!s.note().isEmpty()) {
                sb.append("  (").append(s.note()).append(")\n");
            }
            for (Layout.Group g : s.groups()) {
                String indent = g.heading().isEmpty() ? "  " : "    ";
                if (!g.heading().isEmpty()) {
                    sb.append("  ").append(g.heading()).append('\n');
                }
                appendAligned(sb, indent, g.rows());
            }
        }
        return sb.toString();
    }

    private static void appendAligned(StringBuilder sb, String indent, List<Layout.Row> rows) {
        int[] width = new int[4];
        List<String[]> cells = new ArrayList<>();
        for (Layout.Row r : rows) {
            String[] c = {r.lhs(), r.symbolic(), r.numbers(), r.value()};
            cells.add(c);
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], length(c[i]));
            }
        }
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
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Display width in code points (the notation uses no double-width characters). */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
