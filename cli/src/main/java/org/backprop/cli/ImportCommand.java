package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.backprop.data.DataFormatException;
import org.backprop.data.Task;
import org.backprop.io.ModelFile;
import org.backprop.onnx.OnnxImporter;
import org.backprop.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backprop import}: an ONNX network made elsewhere (PyTorch, Keras, …) as a Backprop model file. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read an ONNX model of dense layers into a Backprop model file, to evaluate, predict, inspect "
                + "or fine-tune (train --init).",
            "Takes Gemm or MatMul+Add layers with Relu, Sigmoid, Tanh, LeakyRelu, Elu, Softplus, Softmax, LogSoftmax, "
                + "Gelu (or its erf form), Identity, Flatten and Dropout; leading Sub/Div/Mul/Add on the input become the "
                + "model's scaling. Anything else is refused, naming the node and operator; nothing is written."})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "The ONNX file.")
    Path file;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The model file to write (atomically).")
    Path out;

    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: a softmax "
            + "output or a label output means classification; a file exported by Backprop says).")
    String task;

    @Override
    public Integer call() throws IOException {
        Companion.ONNX.require("import");
        Task t = null;
        if (task != null) {
            try {
                t = Task.parse(task);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--task: " + e.getMessage());
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file.toString(), 0, null, "no such ONNX file");
        }
        TrainedModel model = OnnxImporter.read(file, new OnnxImporter.Options(t));
        ModelFile.write(model, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("imported " + file + "  (" + model.provenance().settings().get("onnxProducer") + ", opset "
                + model.provenance().settings().get("onnxOpset") + ")");
        w.println("network  " + Describe.network(model.network()) + ", scaling " + model.scaler().kind().label());
        w.println("task     " + model.task().label() + (model.task() == Task.CLASSIFICATION
                ? " into " + model.classNames().size() + " classes: " + Describe.names(model.classNames()) : ""));
        w.println("saved    " + out + "  (weightsSha256 " + model.weightsSha256().substring(0, 16) + "…)");
        w.flush();
        return BackpropCli.OK;
    }
}
