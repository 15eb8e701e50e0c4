package org.backprop.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the Unicode notation of {@link Notation} into presentation MathML, which browsers render
 * natively (no script, works offline): letters become {@code <mi>}, numbers {@code <mn>}, operators
 * {@code <mo>}, and superscript/subscript digits after a token wrap it in {@code <msup>},
 * {@code <msub>} or {@code <msubsup>}, so {@code w²₁₁} is typeset as w with 2 above and 11 below.
 */
final class MathMl {
    private static final String SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private static final String SUB = "₀₁₂₃₄₅₆₇₈₉";

    private MathMl() {
    }

    /** A {@code <math>} element for the text. */
    static String math(String text) {
        return "<math>" + row(text) + "</math>";
    }

    /** An {@code <mrow>} for the text. */
    static String row(String text) {
        List<String[]> tokens = new ArrayList<>(); // {element, sup, sub}
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (SUP.indexOf(c) >= 0 || SUB.indexOf(c) >= 0 || c == '₋' || c == ',' && i + 1 < n && SUB.indexOf(text.charAt(i + 1)) >= 0
                    && !tokens.isEmpty() && !tokens.get(tokens.size() - 1)[2].isEmpty()) {
                String[] last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
                if (last == null) {
                    tokens.add(new String[] {"<mi></mi>", "", ""});
                    last = tokens.get(0);
                }
                int sup = SUP.indexOf(c);
                if (sup >= 0) {
                    last[1] += sup;
                } else {
                    int sub = SUB.indexOf(c);
                    last[2] += sub >= 0 ? String.valueOf(sub) : c == '₋' ? "-" : ",";
                }
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                    || c == '-' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                    && (tokens.isEmpty() || tokens.get(tokens.size() - 1)[0].startsWith("<mo>"))) {
                int j = i + 1;
                while (j < n && (Character.isDigit(text.charAt(j)) || text.charAt(j) == '.'
                        || text.charAt(j) == 'e' && j + 1 < n && (Character.isDigit(text.charAt(j + 1)) || text.charAt(j + 1) == '-')
                        || text.charAt(j) == '-' && text.charAt(j - 1) == 'e')) {
                    j++;
                }
                tokens.add(new String[] {"<mn>" + text.substring(i, j) + "</mn>", "", ""});
                i = j;
            } else if (Character.isLetter(c) && c < 128) {
                int j = i + 1;
                while (j < n && Character.isLetter(text.charAt(j)) && text.charAt(j) < 128) {
                    j++;
                }
                tokens.add(new String[] {"<mi>" + escape(text.substring(i, j)) + "</mi>", "", ""});
                i = j;
            } else if (Character.isLetter(c) || c == '∂') {
                tokens.add(new String[] {"<mi>" + c + "</mi>", "", ""});
                i++;
            } else if (c == ' ') {
                i++;
            } else {
                String op = c == '\'' ? "′" : c == '-' ? "−" : String.valueOf(c);
                tokens.add(new String[] {"<mo>" + escape(op) + "</mo>", "", ""});
                i++;
            }
        }
        StringBuilder sb = new StringBuilder("<mrow>");
        for (String[] t : tokens) {
            if (!t[1].isEmpty() && !t[2].isEmpty()) {
                sb.append("<msubsup>").append(t[0]).append(mn(t[2])).append(mn(t[1])).append("</msubsup>");
            } else if (!t[1].isEmpty()) {
                sb.append("<msup>").append(t[0]).append(mn(t[1])).append("</msup>");
            } else if (!t[2].isEmpty()) {
                sb.append("<msub>").append(t[0]).append(mn(t[2])).append("</msub>");
            } else {
                sb.append(t[0]);
            }
        }
        return sb.append("</mrow>").toString();
    }

    private static String mn(String digits) {
        return "<mn>" + digits + "</mn>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
