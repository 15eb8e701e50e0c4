package org.backprop.csv;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backprop.data.DataFormatException;
import org.backprop.data.Table;
import org.backprop.data.TableConverter;
import org.backprop.data.Task;

/**
 * Coverage-guided fuzzing of the CSV reader and the table-to-dataset conversion with arbitrary file
 * bytes (not UTF-8, unbalanced quotes, ragged rows, odd numbers): only {@link DataFormatException}
 * may escape.
 */
class CsvFuzzTest {
    private static Path file;

    private static synchronized Path file() throws IOException {
        if (file == null) {
            file = Files.createTempFile("csv-fuzz", ".csv");
            file.toFile().deleteOnExit();
        }
        return file;
    }

    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] bytes) throws IOException {
        Path f = file();
        Files.write(f, bytes);
        Table t;
        try {
            t = CsvTables.read(f);
        } catch (DataFormatException expected) {
            return;
        }
        for (Task task : new Task[] {null, Task.CLASSIFICATION, Task.REGRESSION}) {
            try {
                TableConverter.toDataset(t, null, task, null);
            } catch (DataFormatException expected) {
                // refused, naming file, line and column
            }
        }
        try {
            TableConverter.features(t, t.columns().isEmpty() ? List.of("x") : List.of(t.columns().get(0)));
        } catch (DataFormatException expected) {
            // refused
        }
    }
}
