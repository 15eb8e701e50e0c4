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

    @Test
    void plotsAreWrittenAsPngAndSvg(@TempDir Path dir) throws IOException {
        List<Path> files = PlotWriter.write(sample(), dir.resolve("plots"));
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("loss.png", "loss.svg",
                "metric.png", "metric.svg", "gradient-norms.png", "gradient-norms.svg");
        byte[] png = Files.readAllBytes(files.get(0));
        assertThat(png[1]).isEqualTo((byte) 'P');
        assertThat(Files.readString(files.get(1))).contains("<svg");
        assertThat(Files.list(dir.resolve("plots"))).hasSize(6);
    }
}
