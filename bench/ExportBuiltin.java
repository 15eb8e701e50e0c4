import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.data.Task;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * Writes one of Backprop's built-in datasets as a CSV file (header row, label column last), so
 * bench/defaults can split it and hand the same rows to both tools. Run with the CLI jar on the
 * class path (Java's single-file launcher):
 *
 *   java -cp cli/target/backprop.jar bench/ExportBuiltin.java spirals 42 spirals.csv
 */
public final class ExportBuiltin {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ExportBuiltin NAME SEED OUT.csv");
            System.exit(2);
        }
        Dataset d = BuiltinDataset.forName(args[0]).load(new Rng(Long.parseLong(args[1])));
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", d.featureNames())).append(',').append(d.targetName()).append('\n');
        Tensor x = d.features();
        Tensor y = d.task() == Task.REGRESSION ? d.values() : null;
        for (int r = 0; r < d.size(); r++) {
            for (int c = 0; c < d.featureCount(); c++) {
                sb.append((float) x.get(r, c)).append(',');
            }
            sb.append(y == null ? d.classNames().get(d.label(r)) : Float.toString((float) y.get(r, 0))).append('\n');
        }
        Files.writeString(Path.of(args[2]), sb, StandardCharsets.UTF_8);
    }
}
