package org.backprop.viz;

import java.util.List;
import java.util.Locale;

/**
 * Small line charts as inline SVG, for reports that must work offline without a script: axes with
 * five ticks, one polyline per series, a legend, and an optional logarithmic y axis (for gradient
 * norms, whose vanishing or exploding shows as a steady slope). Points with a non-finite value
 * (or {@code ≤ 0} on a log axis) are skipped.
 */
final class SvgChart {
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 640;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    /**
     * One line.
     *
     * @param name   the legend entry
     * @param x      x values
     * @param y      y values
     * @param dashed whether to dash the line (validation curves)
     */
    record Series(String name, double[] x, double[] y, boolean dashed) {
    }

    private SvgChart() {
    }

    static String lineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double y = s.y()[i];
                if (!usable(y, logY)) {
                    continue;
                }
                double ty = logY ? Math.log10(y) : y;
                x0 = Math.min(x0, s.x()[i]);
                x1 = Math.max(x1, s.x()[i]);
                y0 = Math.min(y0, ty);
                y1 = Math.max(y1, ty);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", W, H, W, H, esc(title)));
        sb.append(text(LEFT, 18, title, "start", "title"));
        if (x0 > x1) {
            return sb.append(text(W / 2, H / 2, "no data", "middle", "")).append("</svg>").toString();
        }
        if (!logY && y0 > 0 && y0 < 0.5 * y1) {
            y0 = 0;
        }
        if (y1 - y0 < 1e-12) {
            y1 = y0 + 1;
            y0 = y0 - (logY ? 1 : 0);
        }
        if (x1 - x0 < 1e-12) {
            x1 = x0 + 1;
        }
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, TOP, pw, ph));
        if (logY) { // whole decades, so every tick is a power of ten
            y0 = Math.floor(y0);
            y1 = Math.max(Math.ceil(y1), y0 + 1);
        }
        for (double fy : yTicks(y0, y1, logY)) {
            double py = TOP + ph - ph * (fy - y0) / (y1 - y0);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT, LEFT + pw, py, py));
            sb.append(text(LEFT - 6, py + 4, logY ? decade(Math.round(fy)) : tick(fy), "end", ""));
        }
        for (double fx : xTicks(x0, x1, allIntegers(series))) {
            double px = LEFT + pw * (fx - x0) / (x1 - x0);
            sb.append(text(px, TOP + ph + 16, tick(fx), "middle", ""));
        }
        sb.append(text(LEFT + pw / 2.0, H - 6, xLabel, "middle", "label"));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" class=\"label\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>", TOP + ph / 2.0, TOP + ph / 2.0,
                esc(yLabel + (logY ? " (log scale)" : ""))));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = PALETTE[k % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!usable(s.y()[i], logY)) {
                    continue;
                }
                double ty = logY ? Math.log10(s.y()[i]) : s.y()[i];
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + pw * (s.x()[i] - x0) / (x1 - x0),
                        TOP + ph - ph * (ty - y0) / (y1 - y0)));
            }
            sb.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"")
                    .append(pts.toString().trim()).append("\"/>");
            double ly = TOP + 12 + 18 * k;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>", LEFT + pw + 10, LEFT + pw + 30, ly - 4, ly - 4, colour,
                    s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            sb.append(text(LEFT + pw + 34, ly, s.name(), "start", ""));
        }
        return sb.append("</svg>").toString();
    }

    /** Five evenly spaced ticks, or on a log axis one per decade (every other one past eight decades). */
    static List<Double> yTicks(double y0, double y1, boolean logY) {
        List<Double> t = new java.util.ArrayList<>();
        if (logY) {
            long step = Math.round(y1 - y0) > 8 ? 2 : 1;
            for (long d = Math.round(y0); d <= Math.round(y1); d += step) {
                t.add((double) d);
            }
            return t;
        }
        for (int i = 0; i <= 4; i++) {
            t.add(y0 + (y1 - y0) * i / 4);
        }
        return t;
    }

    /** Ticks on the x axis: whole numbers at a step of 1, 2 or 5 × 10ᵏ when every x is whole (epochs), else five. */
    static List<Double> xTicks(double x0, double x1, boolean integers) {
        List<Double> t = new java.util.ArrayList<>();
        if (!integers) {
            for (int i = 0; i <= 4; i++) {
                t.add(x0 + (x1 - x0) * i / 4);
            }
            return t;
        }
        double raw = Math.max(1, (x1 - x0) / 6);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw <= magnitude ? magnitude : raw <= 2 * magnitude ? 2 * magnitude
                : raw <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
        for (double x = Math.ceil(x0 / step) * step; x <= x1 + 1e-9; x += step) {
            t.add(x);
        }
        return t;
    }

    private static boolean allIntegers(List<Series> series) {
        for (Series s : series) {
            for (double x : s.x()) {
                if (x != Math.rint(x)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A power of ten written plainly: {@code 0.001}, {@code 1}, {@code 100}; past that {@code 1e-5}, {@code 1e6}. */
    static String decade(long exponent) {
        if (exponent >= 0 && exponent <= 4) {
            return "1" + "0".repeat((int) exponent);
        }
        if (exponent < 0 && exponent >= -3) {
            return "0." + "0".repeat((int) -exponent - 1) + "1";
        }
        return "1e" + exponent;
    }

    private static boolean usable(double y, boolean logY) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String text(double x, double y, String s, String anchor, String cls) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>", x, y, anchor,
                cls.isEmpty() ? "" : " class=\"" + cls + "\"", esc(s));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
