package org.backprop.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backprop.csv.CsvTables;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.io.ModelFile;
import org.backprop.model.ModelPredictor;
import org.backprop.model.TrainedModel;
import org.backprop.random.Rng;
import org.backprop.train.Training;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;

/**
 * A CSV file → a trained model → a model file → loaded again → the label of a new, raw row.
 *
 * <pre>
 * java CsvToLabel [data.csv LABEL_COLUMN model.json]
 * </pre>
 *
 * Without arguments it writes Fisher's Iris (the built-in copy) to {@code iris.csv} in a temporary
 * directory and uses that.
 */
public final class CsvToLabel {

    /** The outcome: the test accuracy, the model file, and the label the reloaded model gives {@code row}. */
    public record Result(double testAccuracy, Path modelFile, float[] row, String label) {
    }

    private CsvToLabel() {
    }

    /**
     * Runs the example.
     *
     * @param args nothing, or a CSV file, its label column and the model file to write
     * @throws IOException if a file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        Result r;
        if (args.length == 3) {
            r = run(Path.of(args[0]), args[1], Path.of(args[2]), null);
        } else {
            Path dir = Files.createTempDirectory("backprop-example");
            r = run(writeIrisCsv(dir.resolve("iris.csv")), "species", dir.resolve("iris-model.json"),
                    new float[] {6.3f, 3.3f, 6.0f, 2.5f});
        }
        System.out.printf("test accuracy %.3f, model in %s%n", r.testAccuracy(), r.modelFile());
        if (r.label() != null) {
            System.out.println("row " + java.util.Arrays.toString(r.row()) + " → " + r.label());
        }
    }

    /**
     * Trains on {@code csv}, writes the model to {@code modelFile}, reads it back and labels {@code row}.
     *
     * @param csv       a CSV file with a header row
     * @param label     the label column
     * @param modelFile where to write the model
     * @param row       a raw row (unscaled features, in the CSV's column order) to label, or {@code null}
     * @return the outcome
     * @throws IOException if the model file cannot be written or read
     */
    public static Result run(Path csv, String label, Path modelFile, float[] row) throws IOException {
        Dataset data = CsvTables.readDataset(csv, label, null, null, null);
        TrainingSettings settings = TrainingSettings.defaults().toBuilder()
                .layers("16").epochs(200).threads(1).build();
        TrainingResult result = Training.run(data, null, settings, List.of());
        ModelFile.write(result.model(), modelFile);                  // atomic: a temporary file, then a rename

        TrainedModel loaded = ModelFile.read(modelFile);
        ModelPredictor predictor = loaded.predictor();               // raw rows in: the stored scaling is applied
        String name = row == null ? null : predictor.predict(row).className();
        return new Result(result.test().classification().accuracy(), modelFile, row, name);
    }

    /**
     * Writes the built-in Iris data as a CSV file (4 numeric columns, then the species by name).
     *
     * @param file where to write
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path writeIrisCsv(Path file) throws IOException {
        Dataset iris = BuiltinDataset.IRIS.load(new Rng(1));
        List<String> header = new ArrayList<>(iris.featureNames());
        header.add("species");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < iris.size(); i++) {
            List<String> r = new ArrayList<>();
            for (int j = 0; j < iris.featureCount(); j++) {
                r.add(Float.toString((float) iris.features().get(i, j)));
            }
            r.add(iris.classNames().get(iris.label(i)));
            rows.add(r);
        }
        Files.writeString(file, CsvTables.format(header, rows));
        return file;
    }
}
