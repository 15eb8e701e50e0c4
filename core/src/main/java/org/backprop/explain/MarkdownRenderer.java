package org.backprop.explain;

/**
 * Markdown (GitHub flavour): a heading per section, one table per layer with the columns
 * quantity, formula, numbers, value and check. The notation stays Unicode, so it reads the same in
 * a terminal and rendered.
 */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    /**
     * The explanation as Markdown, ending with a newline.
     *
     * @param e the explanation to write
     * @return the Markdown text
     */
    public static String render(Explanation e) {
        return render(Layout.of(e));
    }

    /**
     * A layout as Markdown, ending with a newline.
     *
     * @param layout the laid-out explanation
     * @return the Markdown text
     */
    public static String render(Layout layout) {
        StringBuilder sb = new StringBuilder("# ").append(layout.title()).append("\n\n");
        for (String h : layout.header()) {
            int colon = h.indexOf(':');
            sb.append("- **").append(h, 0, colon).append("**:").append(h.substring(colon + 1).replaceAll(" {2,}", " ")).append('\n');
        }
        for (Layout.Section s : layout.sections()) {
            sb.append("\n## ").append(s.title()).append("\n\n");
            if (!s.note().isEmpty()) {
                sb.append('_').append(escape(s.note())).append("_\n\n");
            }
            for (Layout.Group g : s.groups()) {
                if (!g.heading().isEmpty()) {
                    sb.append("### ").append(g.heading()).append("\n\n");
                }
                sb.append("| quantity | formula | numbers | value | check |\n|---|---|---|---:|---|\n");
                for (Layout.Row r : g.rows()) {
                    sb.append("| ").append(escape(r.lhs())).append(" | ").append(escape(r.symbolic())).append(" | ")
                            .append(escape(r.numbers())).append(" | ").append(escape(r.value())).append(" | ")
                            .append(escape(r.note())).append(" |\n");
                }
                sb.append('\n');
            }
            for (Layout.Table t : s.tables()) {
                sb.append("| ").append(String.join(" | ", t.columns())).append(" |\n|");
                sb.append("---:|".repeat(t.columns().size())).append('\n');
                for (java.util.List<String> row : t.rows()) {
                    sb.append("| ").append(String.join(" | ", row)).append(" |\n");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_");
    }
}
