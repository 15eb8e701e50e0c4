package org.backprop.explain;

/**
 * One self-contained HTML page: styles inline, every formula typeset as MathML (rendered natively
 * by browsers, so nothing is fetched and it works offline), one table per layer with the columns
 * quantity, formula, numbers, value and finite-difference check.
 */
public final class HtmlRenderer {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;"
            + "color:#222;padding:0 1em}h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em;"
            + "border-bottom:1px solid #ccc}h3{font-size:1em;margin:1em 0 .3em}table{border-collapse:collapse;"
            + "margin-bottom:.8em}td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left;"
            + "vertical-align:middle}td.v{text-align:right;font-variant-numeric:tabular-nums}td.fd{color:#666;"
            + "font-size:.9em}.note{color:#555;font-style:italic}math{font-size:1.05em}";

    private HtmlRenderer() {
    }

    /** The explanation as a complete HTML document. */
    public static String render(Explanation e) {
        Layout layout = Layout.of(e);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(MathMl.escape(layout.title())).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n<h1>").append(MathMl.escape(layout.title())).append("</h1>\n<ul>\n");
        for (String h : layout.header()) {
            sb.append("<li>").append(MathMl.escape(h)).append("</li>\n");
        }
        sb.append("</ul>\n");
        for (Layout.Section s : layout.sections()) {
            sb.append("<h2>").append(MathMl.escape(s.title())).append("</h2>\n");
            if (!s.note().isEmpty()) {
                sb.append("<p class=\"note\">").append(MathMl.escape(s.note())).append("</p>\n");
            }
            for (Layout.Group g : s.groups()) {
                if (!g.heading().isEmpty()) {
                    sb.append("<h3>").append(MathMl.escape(g.heading())).append("</h3>\n");
                }
                sb.append("<table>\n");
                for (Layout.Row r : g.rows()) {
                    sb.append("<tr><td>").append(MathMl.math(r.lhs())).append("</td>");
                    for (String cell : new String[] {r.symbolic(), r.numbers()}) {
                        sb.append("<td>").append(cell.isEmpty() ? "" : MathMl.math("= " + cell)).append("</td>");
                    }
                    sb.append("<td class=\"v\">").append(MathMl.math("= " + r.value())).append("</td><td class=\"fd\">")
                            .append(MathMl.escape(r.note())).append("</td></tr>\n");
                }
                sb.append("</table>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }
}
