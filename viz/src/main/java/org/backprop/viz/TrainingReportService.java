package org.backprop.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.data.DataSplit;
import org.backprop.data.Dataset;
import org.backprop.data.Task;
import org.backprop.loop.EpochRecord;
import org.backprop.metrics.ClassificationMetrics;
import org.backprop.model.Evaluation;
import org.backprop.train.TrainingResult;

/**
 * The bridge from a training run to its pictures: turns a {@link TrainingResult} into a
 * {@link TrainingReport} and writes the HTML page ({@link HtmlReportWriter}) and the plot images
 * ({@link PlotWriter}). Registered as the {@link org.backprop.train.TrainingReporter} service, so
 * {@code backprop train --report FILE --plots DIR} finds it whenever this module is on the class path.
 */
public final class TrainingReportService implements org.backprop.train.TrainingReporter {

    @Override
    public void write(TrainingResult result, Path report, Path plots) throws IOException {
        TrainingReport r = from(result);
        if (report != null) {
            HtmlReportWriter.write(r, report);
        }
        if (plots != null) {
            PlotWriter.write(r, plots);
        }
    }

    /**
     * The report's content: per-epoch losses, validation metric and gradient norms from the history;
     * the confusion matrix of the test split (the validation split when there is no test split);
     * the trained network; the splits' sizes; the model's provenance.
     *
     * @param result a finished training run
     * @return a new report, ready for {@link HtmlReportWriter} and {@link PlotWriter}
     */
    public static TrainingReport from(TrainingResult result) {
        List<TrainingReport.Epoch> epochs = new ArrayList<>();
        String metricName = "";
        for (EpochRecord e : result.history().epochs()) {
            metricName = e.metricName();
            epochs.add(new TrainingReport.Epoch(e.epoch(), e.trainLoss(), e.validationLoss(), e.trainMetric(),
                    e.validationMetric(), e.gradientNorms(), e.learningRate(), e.weights()));
        }
        TrainingReport.ConfusionMatrix confusion = null;
        Evaluation held = result.test() != null ? result.test() : result.validation();
        if (held != null && held.task() == Task.CLASSIFICATION) {
            ClassificationMetrics m = held.classification();
            long[][] counts = new long[m.confusion().length][];
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new long[m.confusion()[i].length];
                for (int j = 0; j < counts[i].length; j++) {
                    counts[i][j] = m.confusion()[i][j];
                    total += counts[i][j];
                }
            }
            confusion = new TrainingReport.ConfusionMatrix(m.classNames(), counts,
                    (result.test() != null ? "test" : "validation") + " split, " + total + " rows");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        result.model().provenance().toMap().forEach((k, v) -> provenance.put(k, String.valueOf(v)));
        provenance.put("engine", result.history().engine());
        provenance.put("stopped", result.history().stopReason() + (result.history().message() == null
                || result.history().message().isEmpty() ? "" : ": " + result.history().message()));
        String title = result.split().train().name() + testSummary(result.test());
        return new TrainingReport(title, metricName, epochs, confusion, result.model().network(),
                datasetSummary(result.split()), provenance);
    }

    /** {@code  — test accuracy 97.49%} or {@code  — test R² 0.9895}, empty without a test split. */
    static String testSummary(Evaluation test) {
        if (test == null) {
            return "";
        }
        return test.task() == Task.CLASSIFICATION
                ? String.format(java.util.Locale.ROOT, " — test accuracy %.2f%%", 100 * test.classification().accuracy())
                : String.format(java.util.Locale.ROOT, " — test R² %.4f", test.regression().r2());
    }

    private static List<String> datasetSummary(DataSplit split) {
        List<String> lines = new ArrayList<>();
        lines.add(describe("training", split.train()));
        if (split.validation() != null) {
            lines.add(describe("validation", split.validation()));
        }
        if (split.test() != null) {
            lines.add(describe("test", split.test()));
        }
        lines.add("fingerprint of the training rows: " + split.train().fingerprint());
        return lines;
    }

    private static String describe(String role, Dataset d) {
        String kind = d.task() == Task.CLASSIFICATION
                ? d.classNames().size() + " classes (" + String.join(", ", d.classNames()) + ")"
                : d.outputCount() + " target value" + (d.outputCount() == 1 ? "" : "s");
        return role + ": " + d.size() + " rows, " + d.featureCount() + " features, " + kind;
    }
}
