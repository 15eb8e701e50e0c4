package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.backprop.loop.WeightSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    static TrainingReport sample() {
        List<TrainingReport.Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= 10; e++) {
            Map<String, Double> norms = new LinkedHashMap<>();
            norms.put("layers.0.weight", 0.5 * Math.pow(0.5, e));
            norms.put("layers.1.weight", 1.0 / e);
            epochs.add(new TrainingReport.Epoch(e, 1.0 / e, 1.2 / e, 1 - 0.5 / e, 1 - 0.6 / e, norms));
        }
        TrainingReport.ConfusionMatrix cm = TrainingReport.ConfusionMatrix.of(List.of("setosa", "versicolor", "virginica"),
                new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 0, 1, 2, 2, 2, 1});
        Network net = new Network(4, NetworkSpec.parse("8 relu, 3 softmax"), new Rng(1));
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("command", "backprop train --data iris.csv --report r.html");
        prov.put("seed", "42");
        return new TrainingReport("Training report: iris", "accuracy", epochs, cm, net,
                List.of("iris.csv: 150 rows, 4 features, 3 classes", "split: 120 train / 30 validation"), prov);
    }

    @Test
    void reportHasEveryPartAndNoExternalResource(@TempDir Path dir) throws IOException {
        // Given a report, When it is written
        Path file = dir.resolve("report.html");
        HtmlReportWriter.write(sample(), file);
        String html = Files.readString(file);
        // Then it is one self-contained page with every section
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("src=")
                .doesNotContain("href=");
        assertThat(html).contains("<h2 id=\"loss\">", "<h2 id=\"metric\">Accuracy", "<h2 id=\"gradients\">",
                "<h2 id=\"confusion\">", "<h2 id=\"network\">", "<h2 id=\"data\">", "<h2 id=\"provenance\">");
        // loss: a training and a dashed validation polyline with 10 points each
        assertThat(html.split("class=\"series\"", -1)).hasSize(1 + 2 + 2 + 2);
        assertThat(html).contains("stroke-dasharray").contains("(log scale)");
        // confusion matrix: counts in place, accuracy 5/7
        assertThat(html).contains("<th>true \\ predicted</th><th>setosa</th>").contains("accuracy 0.714");
        // network: 4 + 8 + 3 nodes, 4·8 + 8·3 edges
        assertThat(html.split("class=\"node\"", -1)).hasSize(1 + 15);
        assertThat(html.split("class=\"edge\"", -1)).hasSize(1 + 56);
        assertThat(html).contains("iris.csv: 150 rows").contains("<td>seed</td><td>42</td>");
        assertThat(Files.list(dir)).hasSize(1);
        HtmlReportWriter.write(sample(), Path.of("target/report-sample.html")); // for looking at
    }

    /** The sample with what the trainer now records: learning rate, weight histograms, update ratios. */
    static TrainingReport withWeights() {
        TrainingReport base = sample();
        List<TrainingReport.Epoch> epochs = new ArrayList<>();
        Tensor start = Tensor.of(DType.FLOAT64, new double[] {1, -1, 0.5, -0.5}, 2, 2);
        for (TrainingReport.Epoch e : base.epochs()) {
            double spread = 1 + e.epoch() / 10.0; // the weights widen as training goes on
            Tensor end = Tensor.of(DType.FLOAT64, new double[] {spread, -spread, 0.5, -0.5 * spread}, 2, 2);
            Map<String, WeightSummary> w = new LinkedHashMap<>();
            w.put("layers.0.weight", WeightSummary.of(start, end));
            epochs.add(new TrainingReport.Epoch(e.epoch(), e.trainLoss(), e.validationLoss(), e.trainMetric(),
                    e.validationMetric(), e.gradientNorms(), 0.1 * Math.pow(0.8, e.epoch()), w));
        }
        return new TrainingReport("iris — test accuracy 96.67%", base.metricName(), epochs,
                base.confusion().on("test split, 7 rows"), base.network(), base.datasetSummary(), base.provenance());
    }

    @Test
    void learningRateHistogramsUpdateRatiosAndTheConfusionSplitAreShown() throws IOException {
        String html = HtmlReportWriter.render(withWeights());
        assertThat(html).contains("<h1>iris — test accuracy 96.67%</h1>")
                .contains("<h2 id=\"learning-rate\">", "<h2 id=\"updates\">", "<h2 id=\"histograms\">")
                .contains("<h2 id=\"confusion\">Confusion matrix (test split, 7 rows)</h2>");
        // one histogram per parameter: the first epoch grey, the last blue
        assertThat(html.split("class=\"histogram\"", -1)).hasSize(2);
        assertThat(html).contains("stroke=\"#999999\" points=").contains("stroke=\"#0877bd\" points=");
        // the metric chart now has its training series (solid) beside validation (dashed)
        String metric = HtmlReportWriter.metricChart(withWeights());
        assertThat(metric.split("class=\"series\"", -1)).hasSize(3);
        // ‖ΔW‖/‖W‖ of epoch 1: start norm √2.5, change (0.1, 0.1, 0, 0.05) → √0.0225/√2.5 = 0.0949
        assertThat(WeightSummary.of(Tensor.of(DType.FLOAT64, new double[] {1, -1, 0.5, -0.5}, 2, 2),
                Tensor.of(DType.FLOAT64, new double[] {1.1, -1.1, 0.5, -0.55}, 2, 2)).updateRatio())
                .isCloseTo(Math.sqrt(0.0225 / 2.5), org.assertj.core.api.Assertions.within(1e-12));
        Files.writeString(Path.of("target/report-weights.html"), html); // for looking at
    }

    @Test
    void epochTicksAreWholeNumbersAndLogTicksArePowersOfTen() {
        String chart = HtmlReportWriter.gradientChart(sample());
        // 10 epochs: ticks 2, 4, 6, 8, 10 — no 3.25
        assertThat(chart).contains(">2</text>").contains(">10</text>").doesNotContain(">3.25<").doesNotContain(">5.5<");
        // norms from 0.00049 to 1: one tick per decade, written plainly down to 0.001
        assertThat(chart).contains(">1e-4</text>").contains(">0.001</text>").contains(">0.01</text>")
                .contains(">0.1</text>").contains(">1</text>");
        assertThat(SvgChart.xTicks(1, 60, true)).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0);
        assertThat(SvgChart.xTicks(1, 3, true)).containsExactly(1.0, 2.0, 3.0);
        assertThat(SvgChart.decade(-5)).isEqualTo("1e-5");
    }

    @Test
    void edgesAreWidthByMagnitudeAndColourBySign() {
        String svg = HtmlReportWriter.networkSvg(new Network(2, NetworkSpec.parse("2 tanh"), new Rng(3)));
        assertThat(svg).contains("#0877bd").contains("stroke-width=\"5.30\"");
    }

    @Test
    void confusionMatrixChecksItsShape() {
        assertThatThrownBy(() -> new TrainingReport.ConfusionMatrix(List.of("a", "b"), new long[][] {{1, 2}}))
                .hasMessage("confusion matrix: 1 rows for 2 classes");
    }
}
