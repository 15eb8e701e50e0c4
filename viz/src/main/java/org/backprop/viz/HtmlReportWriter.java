package org.backprop.viz;

import org.backprop.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop.nn.Dense;
import org.backprop.nn.Network;

/**
 * Writes a {@link TrainingReport} as one self-contained HTML file: styles inline, charts as inline
 * SVG, no script and nothing fetched, so it opens offline and can be mailed as it is.
 *
 * <p>Sections: loss curves (training solid, validation dashed), metric curves, per-parameter
 * gradient norms on a log scale (vanishing or exploding gradients show as a steady slope), the
 * confusion matrix (rows = true class, columns = predicted, shaded by share of the row), the network
 * as a diagram (edge width ∝ |w|, blue positive, orange negative), the dataset summary and the
 * provenance.
 */
public final class HtmlReportWriter {
    /** Neurons drawn per layer at most; wider layers show their first ones and say so. */
    static final int MAX_NODES = 24;
    private static final String STYLE = "body{font-family:system-ui,sans-serif;color:#222;max-width:60em;margin:2em auto;"
            + "padding:0 1em}h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.8em}"
            + "svg text{font-size:11px;fill:#333}svg text.title{font-size:13px;font-weight:bold}"
            + "table.confusion td,table.confusion th{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
            + "table.confusion{border-collapse:collapse}table.kv td{padding:.15em .8em .15em 0;vertical-align:top}"
            + "table.kv td:first-child{color:#555}.note{color:#666;font-size:.9em}"
            + ".histograms{display:flex;flex-wrap:wrap;gap:.5em}";

    private HtmlReportWriter() {
    }

    /**
     * Writes the report to {@code file} atomically (a temporary file renamed into place).
     *
     * @param report the report
     * @param file   the {@code .html} file to create or replace
     * @throws IOException if it cannot be written; {@code file} is then untouched
     */
    public static void write(TrainingReport report, Path file) throws IOException {
        AtomicFiles.writeString(file, render(report));
    }

    /**
     * The report as a complete HTML document.
     *
     * @param r the report; its text is HTML-escaped
     * @return one self-contained page (inline CSS and SVG charts, no scripts, nothing fetched)
     */
    public static String render(TrainingReport r) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(SvgChart.esc(r.title())).append("</title><style>").append(STYLE).append("</style></head><body>\n")
                .append("<h1>").append(SvgChart.esc(r.title())).append("</h1>\n");
        if (!r.epochs().isEmpty()) {
            TrainingReport.Epoch last = r.epochs().get(r.epochs().size() - 1);
            sb.append("<p>").append(r.epochs().size()).append(" epochs; final training loss ").append(num(last.trainLoss()));
            if (Double.isFinite(last.validationLoss())) {
                sb.append(", validation loss ").append(num(last.validationLoss()));
            }
            if (!r.metricName().isEmpty() && Double.isFinite(last.validationMetric())) {
                sb.append(", validation ").append(SvgChart.esc(r.metricName())).append(' ').append(num(last.validationMetric()));
            }
            sb.append(".</p>\n");
        }
        sb.append("<h2 id=\"loss\">Loss</h2>\n").append(lossChart(r)).append('\n');
        if (!r.metricName().isEmpty()) {
            sb.append("<h2 id=\"metric\">").append(SvgChart.esc(cap(r.metricName()))).append("</h2>\n")
                    .append(metricChart(r)).append('\n');
        }
        sb.append("<h2 id=\"gradients\">Gradient norms</h2>\n<p class=\"note\">‖∂L/∂θ‖₂ per parameter, averaged over each "
                + "epoch. A line falling steadily towards 0 in the early layers means vanishing gradients; one growing "
                + "without bound, exploding gradients.</p>\n").append(gradientChart(r)).append('\n');
        if (hasLearningRates(r)) {
            sb.append("<h2 id=\"learning-rate\">Learning rate</h2>\n").append(learningRateChart(r)).append('\n');
        }
        if (!r.epochs().isEmpty() && !r.epochs().get(0).weights().isEmpty()) {
            sb.append("<h2 id=\"updates\">Update-to-weight ratio</h2>\n<p class=\"note\">‖W<sub>end</sub> − "
                    + "W<sub>start</sub>‖ / ‖W<sub>start</sub>‖ of each parameter over each epoch. Far below the others: that "
                    + "layer has stopped learning; large and jumpy: the learning rate is too high for it.</p>\n")
                    .append(updateRatioChart(r)).append('\n');
            sb.append("<h2 id=\"histograms\">Weights, first and last epoch</h2>\n<p class=\"note\">How the values of "
                    + "each parameter are spread after the first epoch (grey) and the last (blue), each curve the share of "
                    + "values per unit of width.</p>\n").append(histograms(r)).append('\n');
        }
        if (r.confusion() != null) {
            String split = r.confusion().split();
            sb.append("<h2 id=\"confusion\">Confusion matrix").append(split.isEmpty() ? "" : " (" + SvgChart.esc(split) + ")")
                    .append("</h2>\n").append(confusion(r.confusion())).append('\n');
        }
        if (r.network() != null) {
            sb.append("<h2 id=\"network\">Network</h2>\n<p class=\"note\">").append(SvgChart.esc(r.network().spec().toString()))
                    .append(" — edge width ∝ |w|, blue positive, orange negative.</p>\n").append(networkSvg(r.network()))
                    .append('\n');
        }
        sb.append("<h2 id=\"data\">Data</h2>\n<ul>\n");
        for (String line : r.datasetSummary()) {
            sb.append("<li>").append(SvgChart.esc(line)).append("</li>\n");
        }
        sb.append("</ul>\n<h2 id=\"provenance\">Provenance</h2>\n<table class=\"kv\">\n");
        for (Map.Entry<String, String> e : r.provenance().entrySet()) {
            sb.append("<tr><td>").append(SvgChart.esc(e.getKey())).append("</td><td>").append(SvgChart.esc(e.getValue()))
                    .append("</td></tr>\n");
        }
        return sb.append("</table>\n</body></html>\n").toString();
    }

    static String lossChart(TrainingReport r) {
        return SvgChart.lineChart("Loss per epoch", "epoch", "loss", List.of(
                series(r, "training", TrainingReport.Epoch::trainLoss, false),
                series(r, "validation", TrainingReport.Epoch::validationLoss, true)), false);
    }

    static String metricChart(TrainingReport r) {
        return SvgChart.lineChart(cap(r.metricName()) + " per epoch", "epoch", r.metricName(), List.of(
                series(r, "training", TrainingReport.Epoch::trainMetric, false),
                series(r, "validation", TrainingReport.Epoch::validationMetric, true)), false);
    }

    static String gradientChart(TrainingReport r) {
        List<SvgChart.Series> s = new ArrayList<>();
        for (String name : r.gradientNames()) {
            s.add(series(r, name, e -> e.gradientNorms().getOrDefault(name, Double.NaN), false));
        }
        return SvgChart.lineChart("Gradient norm per epoch", "epoch", "‖∂L/∂θ‖", s, true);
    }

    private static boolean hasLearningRates(TrainingReport r) {
        for (TrainingReport.Epoch e : r.epochs()) {
            if (Double.isFinite(e.learningRate())) {
                return true;
            }
        }
        return false;
    }

    static String learningRateChart(TrainingReport r) {
        return SvgChart.lineChart("Learning rate per epoch", "epoch", "η",
                List.of(series(r, "η", TrainingReport.Epoch::learningRate, false)), false);
    }

    static String updateRatioChart(TrainingReport r) {
        List<SvgChart.Series> s = new ArrayList<>();
        for (String name : r.epochs().get(0).weights().keySet()) {
            s.add(series(r, name, e -> e.weights().containsKey(name) ? e.weights().get(name).updateRatio() : Double.NaN,
                    false));
        }
        return SvgChart.lineChart("Update-to-weight ratio per epoch", "epoch", "‖ΔW‖/‖W‖", s, true);
    }

    /** One small chart per parameter: the first epoch's histogram and the last's, on one value axis. */
    static String histograms(TrainingReport r) {
        TrainingReport.Epoch first = r.epochs().get(0);
        TrainingReport.Epoch last = r.epochs().get(r.epochs().size() - 1);
        StringBuilder sb = new StringBuilder("<div class=\"histograms\">");
        for (String name : first.weights().keySet()) {
            org.backprop.loop.WeightSummary a = first.weights().get(name);
            org.backprop.loop.WeightSummary b = last.weights().get(name);
            if (b == null) {
                continue;
            }
            sb.append(histogram(name, a, b));
        }
        return sb.append("</div>").toString();
    }

    private static String histogram(String name, org.backprop.loop.WeightSummary a, org.backprop.loop.WeightSummary b) {
        int w = 300;
        int h = 150;
        int left = 10;
        int top = 22;
        int ph = h - top - 30;
        int pw = w - 2 * left;
        double lo = Math.min(a.min(), b.min());
        double hi = Math.max(a.max(), b.max());
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double peak = Math.max(density(a), density(b));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "class=\"histogram\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", w, h, w, h));
        sb.append(SvgChart.text(left, 15, name, "start", "title"));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left,
                left + pw, top + ph, top + ph));
        for (Object[] s : new Object[][] {{a, "#999999"}, {b, "#0877bd"}}) {
            org.backprop.loop.WeightSummary ws = (org.backprop.loop.WeightSummary) s[0];
            long[] counts = ws.counts();
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            double binWidth = (ws.max() - ws.min()) / counts.length;
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < counts.length; i++) {
                double d = binWidth > 0 && total > 0 ? counts[i] / (total * binWidth) : 0;
                double y = top + ph - ph * d / peak;
                double x0 = left + pw * (ws.min() + i * binWidth - lo) / (hi - lo);
                double x1 = left + pw * (ws.min() + (i + 1) * binWidth - lo) / (hi - lo);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x0, y, x1, y));
            }
            sb.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(s[1]).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"/>");
        }
        sb.append(SvgChart.text(left, h - 10, num(lo), "start", ""));
        sb.append(SvgChart.text(left + pw, h - 10, num(hi), "end", ""));
        sb.append(SvgChart.text(left + pw / 2.0, h - 10, "value", "middle", ""));
        return sb.append("</svg>").toString();
    }

    /** The highest bar of a histogram as a density (share of values per unit of value). */
    private static double density(org.backprop.loop.WeightSummary ws) {
        long total = 0;
        long most = 0;
        for (long c : ws.counts()) {
            total += c;
            most = Math.max(most, c);
        }
        double binWidth = (ws.max() - ws.min()) / ws.counts().length;
        return binWidth > 0 && total > 0 ? most / (total * binWidth) : 1;
    }

    private static SvgChart.Series series(TrainingReport r, String name,
                                          java.util.function.ToDoubleFunction<TrainingReport.Epoch> f, boolean dashed) {
        double[] x = new double[r.epochs().size()];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.epochs().get(i).epoch();
            y[i] = f.applyAsDouble(r.epochs().get(i));
        }
        return new SvgChart.Series(name, x, y, dashed);
    }

    static String confusion(TrainingReport.ConfusionMatrix m) {
        StringBuilder sb = new StringBuilder("<table class=\"confusion\"><tr><th>true \\ predicted</th>");
        for (String c : m.classes()) {
            sb.append("<th>").append(SvgChart.esc(c)).append("</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0; i < m.counts().length; i++) {
            long rowTotal = 0;
            for (long v : m.counts()[i]) {
                rowTotal += v;
            }
            sb.append("<tr><th>").append(SvgChart.esc(m.classes().get(i))).append("</th>");
            for (int j = 0; j < m.counts()[i].length; j++) {
                double share = rowTotal == 0 ? 0 : (double) m.counts()[i][j] / rowTotal;
                String rgb = i == j ? "8,119,189" : "245,147,34";
                sb.append(String.format(Locale.ROOT, "<td style=\"background:rgba(%s,%.2f)\">%d</td>", rgb, share * 0.8,
                        m.counts()[i][j]));
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n<p class=\"note\">accuracy ").append(num(m.accuracy())).append("</p>").toString();
    }

    /** The dense layers drawn left to right, at most {@link #MAX_NODES} neurons per column. */
    static String networkSvg(Network n) {
        List<Dense> layers = n.denseLayers();
        int[] widths = new int[layers.size() + 1];
        widths[0] = n.inputs();
        for (int k = 0; k < layers.size(); k++) {
            widths[k + 1] = layers.get(k).config().outFeatures();
        }
        int width = 160 * widths.length;
        int height = 40 + 22 * Math.min(MAX_NODES, max(widths));
        double maxW = 0;
        for (Dense d : layers) {
            maxW = Math.max(maxW, maxAbs(d.weight().value().toDoubleArray()));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "class=\"network\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", width, height + 20, width, height + 20));
        for (int k = 0; k < layers.size(); k++) {
            double[][] w = layers.get(k).weight().value().toRows();
            for (int j = 0; j < Math.min(MAX_NODES, w.length); j++) {
                for (int i = 0; i < Math.min(MAX_NODES, w[j].length); i++) {
                    double v = w[j][i];
                    sb.append(String.format(Locale.ROOT, "<line class=\"edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                            + "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.2f\" stroke-opacity=\"0.8\"/>",
                            x(k), y(widths[k], i, height), x(k + 1), y(widths[k + 1], j, height),
                            v >= 0 ? "#0877bd" : "#f59322", 0.3 + 5 * Math.abs(v) / (maxW == 0 ? 1 : maxW)));
                }
            }
        }
        for (int k = 0; k < widths.length; k++) {
            for (int j = 0; j < Math.min(MAX_NODES, widths[k]); j++) {
                sb.append(String.format(Locale.ROOT, "<circle class=\"node\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"#fff\" "
                        + "stroke=\"#555\"/>", x(k), y(widths[k], j, height)));
            }
            String label = (k == 0 ? "input " : k == widths.length - 1 ? "output " : "hidden ") + widths[k]
                    + (widths[k] > MAX_NODES ? " (first " + MAX_NODES + " drawn)" : "");
            sb.append(SvgChart.text(x(k), height + 14, label, "middle", ""));
        }
        return sb.append("</svg>").toString();
    }

    private static double x(int column) {
        return 80 + 160 * column;
    }

    private static double y(int widthOfColumn, int j, int height) {
        int shown = Math.min(MAX_NODES, widthOfColumn);
        return height / 2.0 + (j - (shown - 1) / 2.0) * 22;
    }

    private static int max(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static String num(double v) {
        return SvgChart.tick(v);
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
