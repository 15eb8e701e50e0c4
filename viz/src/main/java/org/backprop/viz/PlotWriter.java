package org.backprop.viz;

import org.backprop.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code --plots DIR}: the report's curves as PNG and SVG files drawn by XChart:
 * {@code loss.png/.svg}, {@code metric.png/.svg} (when there is a metric) and
 * {@code gradient-norms.png/.svg} (log scale). Each file is written atomically.
 */
public final class PlotWriter {
    private PlotWriter() {
    }

    /**
     * Writes the plots into {@code dir} (created if needed). A chart with no finite value to draw
     * is not written. Sets {@code java.awt.headless=true} for the JVM (XChart draws with AWT).
     *
     * @param r   the report whose curves are drawn
     * @param dir the directory; existing files of the same names are replaced
     * @return the files written, in order
     * @throws IOException if the directory cannot be created or a file cannot be written (the files
     *                     written before stay)
     */
    public static List<Path> write(TrainingReport r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        XYChart loss = chart("Loss per epoch", "loss");
        boolean any = add(loss, r, "training", TrainingReport.Epoch::trainLoss);
        any |= add(loss, r, "validation", TrainingReport.Epoch::validationLoss);
        save(any, loss, dir, "loss", written);
        if (!r.metricName().isEmpty()) {
            XYChart metric = chart(r.metricName() + " per epoch", r.metricName());
            boolean anyMetric = add(metric, r, "training", TrainingReport.Epoch::trainMetric);
            anyMetric |= add(metric, r, "validation", TrainingReport.Epoch::validationMetric);
            save(anyMetric, metric, dir, "metric", written);
        }
        if (!r.gradientNames().isEmpty()) {
            XYChart g = chart("Gradient norm per epoch", "||dL/dθ|| (log)");
            g.getStyler().setYAxisLogarithmic(true);
            boolean anyNorm = false;
            for (String name : r.gradientNames()) {
                anyNorm |= add(g, r, name, e -> {
                    double v = e.gradientNorms().getOrDefault(name, Double.NaN);
                    return v > 0 ? v : Double.NaN;
                });
            }
            save(anyNorm, g, dir, "gradient-norms", written);
        }
        return written;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        c.getStyler().setMarkerSize(0);
        return c;
    }

    /** Adds the finite points as a series; whether there were any. */
    private static boolean add(XYChart c, TrainingReport r, String name,
                            java.util.function.ToDoubleFunction<TrainingReport.Epoch> f) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (TrainingReport.Epoch e : r.epochs()) {
            double v = f.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add((double) e.epoch());
                y.add(v);
            }
        }
        if (x.isEmpty()) {
            return false;
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return true;
    }

    private static void save(boolean hasSeries, XYChart chart, Path dir, String name, List<Path> written)
            throws IOException {
        if (!hasSeries) {
            return;
        }
        Path png = dir.resolve(name + ".png");
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        written.add(png);
        Path tmp = Files.createTempFile(dir, "." + name, ".svg");
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            Path svg = dir.resolve(name + ".svg");
            AtomicFiles.write(svg, Files.readAllBytes(tmp));
            written.add(svg);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
