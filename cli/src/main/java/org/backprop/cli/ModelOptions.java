package org.backprop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop.data.DataFormatException;
import org.backprop.io.ModelFile;
import org.backprop.model.TrainedModel;
import picocli.CommandLine.Option;

/** The {@code --model FILE} option of evaluate, predict and inspect (a picocli mixin). */
public final class ModelOptions {
    /** The model file. */
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model file written by backprop train.")
    Path model;

    /** Reads and validates the model file. */
    TrainedModel load() throws IOException {
        if (!Files.isRegularFile(model)) {
            throw new DataFormatException(model.toString(), 0, null, "no such model file");
        }
        return ModelFile.read(model);
    }
}
