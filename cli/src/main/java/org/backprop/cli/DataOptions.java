package org.backprop.cli;

import org.backprop.model.TrainedModel;
import picocli.CommandLine.Option;

/** The {@code --data} and {@code --seed} options of the commands that run a model on data (a picocli mixin). */
public final class DataOptions {
    /** What to run the model on. */
    @Option(names = "--data", paramLabel = "SOURCE", required = true,
            description = "A CSV file, a directory of IDX files (its test files are used), or builtin:NAME.")
    String data;

    /** The seed of a synthetic built-in dataset. */
    @Option(names = "--seed", paramLabel = "N", description = "Seed of a synthetic built-in dataset (default: the model's seed).")
    Long seed;

    /** The seed to generate built-in data with: {@code --seed}, else the one the model was trained with. */
    long seedFor(TrainedModel model) {
        return seed != null ? seed : model.provenance().seed();
    }
}
