package org.backprop.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the IDX reader with arbitrary file bytes (plain or gzip): the only
 * exception that may escape is {@link DataFormatException}; anything else (an out-of-memory error
 * from trusting a header, an index out of bounds, an I/O error for a damaged gzip stream) fails.
 * Without {@code JAZZER_FUZZ=1} the saved inputs under {@code IdxReaderFuzzTestInputs/} run as
 * regression cases.
 */
class IdxReaderFuzzTest {
    private static Path file;

    private static synchronized Path file() throws IOException {
        if (file == null) {
            file = Files.createTempFile("idx-fuzz", ".bin");
            file.toFile().deleteOnExit();
        }
        return file;
    }

    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] bytes) throws IOException {
        Path f = file();
        Files.write(f, bytes);
        try {
            IdxReader.readLabels(f);
        } catch (DataFormatException expected) {
            // refused, naming the file
        }
        try {
            IdxReader.readImages(f);
        } catch (DataFormatException expected) {
            // refused, naming the file
        }
    }
}
