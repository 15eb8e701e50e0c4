package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backprop.data.Dataset;
import org.backprop.data.Task;
import org.backprop.io.Json;
import org.backprop.model.Evaluation;
import org.backprop.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop evaluate}: a model's metrics on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model on labelled data: accuracy, per-class precision/recall/F1, confusion matrix "
            + "and log-loss (classification), or R², RMSE, MAE, MSE (regression).",
            "For an IDX directory the test files are used."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The label column (default: the model's target name).")
    String label;

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TrainedModel model = modelOptions.load();
        long s = dataOptions.seedFor(model);
        Dataset d = DataSources.load(dataOptions.data, label != null ? label : model.targetName(), model.task(), s,
                model.task() == Task.CLASSIFICATION ? model.classNames() : null, model.featureNames()).evaluationRows();
        Evaluation e;
        try {
            e = Evaluation.of(model, d);
        } catch (IllegalArgumentException ex) {
            throw new org.backprop.data.DataFormatException(dataOptions.data, 0, null, ex.getMessage());
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", "evaluate");
            m.put("model", modelOptions.model.toString());
            m.put("data", dataOptions.data);
            m.put("task", model.task().label());
            m.put("rows", (long) d.size());
            m.put("test", e.toMap());
            out.println(Json.writePretty(m).stripTrailing());
        } else {
            out.println("model    " + modelOptions.model + ": " + Describe.network(model.network()));
            out.println("data     " + dataOptions.data + ": " + Describe.data(d));
            out.print(e.format());
        }
        out.flush();
        return BackpropCli.OK;
    }
}
