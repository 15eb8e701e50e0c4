package org.backprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.backprop.nn.Activation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomActivationTest {

    @TempDir
    Path dir;

    @AfterEach
    void unregister() {
        Activation.unregister("swish");
    }

    @Test
    void swishPassesTheGradientCheckTrainsFastAndSurvivesAModelFile() throws Exception {
        // When swish is registered, checked, trained with, saved and loaded
        CustomActivation.Result r = CustomActivation.run(dir.resolve("swish.json"));

        // Then its derivative matches central differences, the fused engine trained it,
        // and the reloaded model names it and predicts the same bits
        assertTrue(r.gradientCheck().maxRelativeError() < 1e-6, r.gradientCheck().toString());
        assertEquals("fused-mlp", r.engine());
        assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
        assertEquals("16 swish, 3 softmax", r.spec());
        assertTrue(r.samePredictions());
    }
}
