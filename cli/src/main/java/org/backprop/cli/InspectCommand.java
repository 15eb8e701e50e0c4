package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backprop.autograd.Variable;
import org.backprop.data.Task;
import org.backprop.io.Json;
import org.backprop.io.ModelFile;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop inspect}: what a model file holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a model file: architecture, parameters, preprocessing, labels, provenance, and "
            + "weightsSha256 (a SHA-256 of the weights alone: equal weights, equal hash).")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TrainedModel m = modelOptions.load();
        Provenance p = m.provenance();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("command", "inspect");
            j.put("model", modelOptions.model.toString());
            j.put("format", ModelFile.FORMAT);
            j.put("formatVersion", (long) ModelFile.FORMAT_VERSION);
            j.put("task", m.task().label());
            j.put("inputs", (long) m.network().inputs());
            j.put("network", m.network().spec().toString());
            j.put("loss", m.lossName());
            j.put("parameters", m.network().parameterCount());
            Map<String, Object> shapes = new LinkedHashMap<>();
            m.network().namedParameters().forEach((k, v) -> shapes.put(k, v.shape().dims()));
            j.put("parameterShapes", shapes);
            j.put("features", m.featureNames());
            j.put("scaling", m.scaler().kind().label());
            j.put("target", m.targetName());
            j.put("classes", m.classNames());
            j.put("weightsSha256", m.weightsSha256());
            j.put("provenance", p.toMap());
            out.println(Json.writePretty(j).stripTrailing());
            out.flush();
            return BackpropCli.OK;
        }
        out.println("model          " + modelOptions.model + "  (" + ModelFile.FORMAT + " v" + ModelFile.FORMAT_VERSION + ")");
        out.println("task           " + m.task().label() + (m.task() == Task.CLASSIFICATION
                ? " of '" + m.targetName() + "' into " + m.classNames().size() + " classes: " + Describe.names(m.classNames())
                : " of '" + m.targetName() + "'"));
        out.println("inputs         " + m.network().inputs() + " features (" + Describe.names(m.featureNames())
                + "), scaling " + m.scaler().kind().label());
        out.println("network        " + Describe.network(m.network()));
        for (Map.Entry<String, Variable> e : m.network().namedParameters().entrySet()) {
            out.println(String.format(Locale.ROOT, "  %-20s %s", e.getKey(), e.getValue().shape()));
        }
        out.println("loss           " + m.lossName());
        out.println("weightsSha256  " + m.weightsSha256());
        out.println("provenance     backprop " + p.libraryVersion() + ", Java " + p.javaVersion() + ", seed " + p.seed());
        out.println("  data         " + p.datasetName() + " (SHA-256 " + abbreviate(p.datasetFingerprint()) + ")");
        out.println(String.format(Locale.ROOT, "  trained      %s in %.1f s, engine %s", p.createdAt(), p.trainingSeconds(),
                p.engine()));
        StringBuilder settings = new StringBuilder();
        p.settings().forEach((k, v) -> settings.append(settings.length() == 0 ? "" : " ").append(k).append('=').append(v));
        out.println("  settings     " + settings);
        out.flush();
        return BackpropCli.OK;
    }

    private static String abbreviate(String sha) {
        return sha.length() > 16 ? sha.substring(0, 16) + "…" : sha;
    }
}
