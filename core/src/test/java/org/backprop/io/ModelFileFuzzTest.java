package org.backprop.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the model loader with arbitrary text (seeded with a real model file in
 * {@code ModelFileFuzzTestInputs/}): only {@link ModelFileException} may escape — never a stack
 * overflow from nesting, an out-of-memory error from a spec or a shape, or a runtime exception.
 */
class ModelFileFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void loadsOrRefuses(byte[] bytes) {
        try {
            ModelFile.fromJson(new String(bytes, StandardCharsets.UTF_8), "fuzz.json");
        } catch (ModelFileException expected) {
            // refused, listing its problems
        }
    }
}
