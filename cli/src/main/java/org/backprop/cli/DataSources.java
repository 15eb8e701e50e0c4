package org.backprop.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backprop.csv.CsvTables;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.DataFormatException;
import org.backprop.data.Dataset;
import org.backprop.data.IdxReader;
import org.backprop.data.Table;
import org.backprop.data.TableConverter;
import org.backprop.data.Task;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * What {@code --data} names: {@code builtin:NAME}, a directory of MNIST IDX files, or a CSV file.
 */
final class DataSources {
    /** The prefix of built-in dataset names. */
    static final String BUILTIN = "builtin:";

    private DataSources() {
    }

    /**
     * Loaded data.
     *
     * @param data    the rows to train on (all of them, split later)
     * @param ownTest the test set that came with the data (IDX), or {@code null}
     */
    record Loaded(Dataset data, Dataset ownTest) {
        /** The rows to evaluate or predict on: the data's own test set if it has one, else all rows. */
        Dataset evaluationRows() {
            return ownTest != null ? ownTest : data;
        }
    }

    /**
     * Loads {@code source}.
     *
     * @param label        the label column of a CSV file, or {@code null} for the last one
     * @param task         the task, or {@code null} to infer it
     * @param seed         the seed of the synthetic built-in datasets
     * @param classes      a model's classes (to map labels the same way), or {@code null}
     * @param featureNames a model's feature columns, or {@code null}
     * @throws UsageException for an unknown built-in name or a task that does not fit
     * @throws DataFormatException for a missing file or bad data
     */
    static Loaded load(String source, String label, Task task, long seed, List<String> classes, List<String> featureNames) {
        Loaded loaded;
        if (source.startsWith(BUILTIN)) {
            BuiltinDataset b;
            try {
                b = BuiltinDataset.forName(source.substring(BUILTIN.length()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            loaded = new Loaded(b.load(new Rng(seed)), null);
        } else {
            Path p = Path.of(source);
            if (Files.isDirectory(p)) {
                IdxReader.TrainTest tt = IdxReader.readDirectory(p);
                loaded = new Loaded(tt.train(), tt.test());
            } else if (!Files.exists(p)) {
                throw new DataFormatException(source, 0, null, "no such file or directory (expected a CSV file, a directory "
                        + "of IDX files, or builtin:NAME with NAME one of " + BuiltinDataset.names() + ")");
            } else {
                loaded = new Loaded(CsvTables.readDataset(p, label, task, classes, featureNames), null);
            }
        }
        if (task != null && loaded.data().task() != task) {
            if (featureNames != null) {
                // the task is the model's: the data does not fit the model (bad data, as in predict)
                throw new DataFormatException(source, 0, null, "the data is for " + loaded.data().task().label()
                        + ", but the model does " + task.label());
            }
            throw new UsageException("--task " + task.label() + " does not fit " + source + ", which is for "
                    + loaded.data().task().label());
        }
        if (featureNames != null && loaded.data().featureCount() != featureNames.size()) {
            throw new DataFormatException(source, 0, null, loaded.data().featureCount() + " features, but the model takes "
                    + featureNames.size());
        }
        return loaded;
    }

    /**
     * Only the features a model needs, from {@code source} (for {@code predict}): a CSV file may lack
     * the label column.
     */
    static Tensor features(String source, long seed, List<String> featureNames) {
        if (!source.startsWith(BUILTIN) && Files.isRegularFile(Path.of(source))) {
            Table t = CsvTables.read(Path.of(source));
            return TableConverter.features(t, featureNames);
        }
        return load(source, null, null, seed, null, featureNames).evaluationRows().features();
    }
}
