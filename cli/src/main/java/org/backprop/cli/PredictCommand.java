package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.backprop.csv.CsvTables;
import org.backprop.data.Task;
import org.backprop.io.AtomicFiles;
import org.backprop.model.TrainedModel;
import org.backprop.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop predict}: a model's answers for each row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict every row of the data and write CSV: the predicted label and one probability "
            + "column per class (classification), or the predicted value (regression).",
            "A CSV input needs the model's feature columns (found by name); a label column is not needed."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here (atomically) instead of to standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
        new OutputPaths().input("--model", modelOptions.model)
                .input("--data", dataOptions.data.startsWith(DataSources.BUILTIN) ? null : Path.of(dataOptions.data))
                .file("--out", out).check();
        TrainedModel model = modelOptions.load();
        long s = dataOptions.seedFor(model);
        Tensor x = DataSources.features(dataOptions.data, s, model.featureNames());
        Tensor y = model.predict(x);
        String csv = CsvTables.format(header(model, y), rows(model, y));
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(csv);
            w.flush();
        } else {
            AtomicFiles.writeString(out, csv);
            PrintWriter w = spec.commandLine().getErr();
            w.println("wrote " + y.shape().dim(0) + " predictions to " + out);
            w.flush();
        }
        return BackpropCli.OK;
    }

    private static List<String> header(TrainedModel model, Tensor y) {
        List<String> h = new ArrayList<>();
        if (model.task() == Task.CLASSIFICATION) {
            h.add("predicted_" + model.targetName());
            for (String c : model.classNames()) {
                h.add("probability_" + c);
            }
        } else if (y.shape().cols() == 1) {
            h.add("predicted_" + model.targetName());
        } else {
            for (int j = 0; j < y.shape().cols(); j++) {
                h.add("predicted_" + model.targetName() + "_" + j);
            }
        }
        return h;
    }

    private static List<List<String>> rows(TrainedModel model, Tensor y) {
        List<List<String>> rows = new ArrayList<>();
        int n = y.shape().dim(0);
        int k = y.shape().cols();
        int[] best = model.task() == Task.CLASSIFICATION && n > 0 ? y.argmaxRows() : null;
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>();
            if (best != null) {
                row.add(model.classNames().get(best[i]));
            }
            for (int j = 0; j < k; j++) {
                row.add(Float.toString((float) y.get(i, j)));
            }
            rows.add(row);
        }
        return rows;
    }
}
