package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop.data.Task;
import org.backprop.onnx.OnnxExporter;
import org.backprop.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop export}: a model file as ONNX, for ONNX Runtime and every tool that reads ONNX. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model as ONNX (the format comes from the --out extension: .onnx).",
            "The graph takes raw feature rows (input 'features' [N, F]): the scaler, the dense layers and their "
                + "activations are in it. Outputs: 'probabilities' [N, C] and 'label' [N] (class names) for "
                + "classification, 'values' [N, k] for regression. Names, classes and provenance go into the "
                + "model's metadata, so 'backprop import' gives the same model back."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The ONNX file to write (atomically).")
    Path out;

    @Option(names = "--opset", paramLabel = "N", description = "The ONNX opset (" + OnnxExporter.MIN_OPSET + " … "
            + OnnxExporter.MAX_OPSET + "; default: ${DEFAULT-VALUE}).")
    int opset = OnnxExporter.DEFAULT_OPSET;

    @Override
    public Integer call() throws IOException {
        Companion.ONNX.require("export");
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".onnx")) {
            throw new UsageException("--out " + out + ": the export format comes from the extension; the one format is "
                    + "ONNX (.onnx)");
        }
        if (opset < OnnxExporter.MIN_OPSET || opset > OnnxExporter.MAX_OPSET) {
            throw new UsageException("--opset " + opset + ": expected " + OnnxExporter.MIN_OPSET + " … " + OnnxExporter.MAX_OPSET);
        }
        TrainedModel model = modelOptions.load();
        OnnxExporter.write(model, out, opset);
        PrintWriter w = spec.commandLine().getOut();
        int f = model.network().inputs();
        int k = model.network().outputs();
        w.println("exported " + modelOptions.model + " → " + out + "  (ONNX opset " + opset + ")");
        w.println("network  " + Describe.network(model.network()) + ", scaling " + model.scaler().kind().label());
        w.println("input    " + OnnxExporter.INPUT + " [N, " + f + "]  (raw features: " + Describe.names(model.featureNames()) + ")");
        w.println("outputs  " + (model.task() == Task.CLASSIFICATION
                ? OnnxExporter.PROBABILITIES + " [N, " + k + "], " + OnnxExporter.LABEL + " [N]  (classes: "
                    + Describe.names(model.classNames()) + ")"
                : OnnxExporter.VALUES + " [N, " + k + "]"));
        w.flush();
        return BackpropCli.OK;
    }
}
