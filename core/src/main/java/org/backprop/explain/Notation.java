package org.backprop.explain;

import java.util.Locale;

/**
 * The Unicode notation of explanations: superscript layer numbers, subscript indices, and numbers
 * printed with up to 9 significant digits (trailing zeros dropped) so that hand-checked values
 * such as {@code 0.3775} read as written in the lecture.
 */
public final class Notation {
    private static final String SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private static final String SUB = "₀₁₂₃₄₅₆₇₈₉";

    private Notation() {
    }

    /**
     * {@code n} in superscript digits.
     *
     * @param n a non-negative number, such as a layer number
     * @return its digits in superscript
     */
    public static String sup(int n) {
        return map(Integer.toString(n), SUP);
    }

    /**
     * {@code n} in subscript digits.
     *
     * @param n the number, usually a non-negative index (a minus sign is written {@code ₋})
     * @return its digits in subscript
     */
    public static String sub(int n) {
        return map(Integer.toString(n), SUB);
    }

    /**
     * Two 1-based indices in subscript, comma-separated only when one has two digits.
     *
     * @param i the first index, 1-based
     * @param j the second index, 1-based
     * @return such as {@code ₁₂}, or {@code ₁₀,₂} when an index has two digits
     */
    public static String sub(int i, int j) {
        return i > 9 || j > 9 ? sub(i) + "," + sub(j) : sub(i) + sub(j);
    }

    private static String map(String digits, String table) {
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            sb.append(c == '-' ? '₋' : table.charAt(c - '0'));
        }
        return sb.toString();
    }

    /**
     * A number with up to 9 significant digits, trailing zeros removed, {@code −} as the minus sign
     * avoided (ASCII hyphen-minus is kept so output can be pasted back into code).
     *
     * @param v the number; NaN and infinities are written as Java writes them
     * @return {@code 0} for zero, plain decimal for {@code 1e-4 ≤ |v| < 1e9}, otherwise scientific such as
     *         {@code 1.5e-7}
     */
    public static String num(double v) {
        if (v == 0) {
            return "0";
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double abs = Math.abs(v);
        String s;
        if (abs >= 1e-4 && abs < 1e9) {
            s = new java.math.BigDecimal(v).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
        } else {
            s = String.format(Locale.ROOT, "%.8e", v);
            int e = s.indexOf('e');
            String mantissa = s.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "");
            s = mantissa + "e" + Integer.parseInt(s.substring(e + 1));
        }
        return s;
    }

    /**
     * A number in parentheses when negative, for use inside a product or difference.
     *
     * @param v the number
     * @return {@link #num(double)}, wrapped in parentheses when {@code v < 0}
     */
    public static String paren(double v) {
        String s = num(v);
        return v < 0 ? "(" + s + ")" : s;
    }
}
