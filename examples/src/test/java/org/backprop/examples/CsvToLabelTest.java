package org.backprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvToLabelTest {

    @TempDir
    Path dir;

    @Test
    void aCsvFileBecomesAModelFileThatLabelsANewRow() throws Exception {
        // Given Iris as a CSV file
        Path csv = CsvToLabel.writeIrisCsv(dir.resolve("iris.csv"));

        // When a model is trained on it, saved, loaded and asked about a large-petalled flower
        CsvToLabel.Result r = CsvToLabel.run(csv, "species", dir.resolve("model.json"), new float[] {6.3f, 3.3f, 6.0f, 2.5f});

        // Then the model file exists, the model is accurate, and the label is the species by name
        assertTrue(Files.size(r.modelFile()) > 0);
        assertTrue(r.testAccuracy() > 0.85, "test accuracy " + r.testAccuracy());
        assertEquals("virginica", r.label());
        // and a small-petalled one is a setosa
        assertEquals("setosa", CsvToLabel.run(csv, "species", dir.resolve("model2.json"),
                new float[] {5.0f, 3.5f, 1.4f, 0.2f}).label());
    }
}
