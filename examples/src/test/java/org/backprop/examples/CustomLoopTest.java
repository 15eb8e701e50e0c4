package org.backprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CustomLoopTest {

    @Test
    void adamWithAScheduleClippingAndEarlyStoppingLearnsTheMoonsOnTheFusedEngine() {
        // When the hand-written loop trains for at most 100 epochs
        CustomLoop.Result r = CustomLoop.run(100, false);

        // Then the fast engine trained, clipping acted and held the norm, and the kept weights are good
        assertEquals("fused-mlp", r.engine());
        assertTrue(r.clippedSteps() > 0, "clipping never acted");
        assertTrue(r.largestClippedNorm() <= CustomLoop.MAX_NORM * (1 + 1e-6), "norm " + r.largestClippedNorm());
        assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= r.epochsRun());
        assertTrue(r.epochsRun() == 100 || r.epochsRun() - r.bestEpoch() == 10,
                "stopped after " + r.epochsRun() + " epochs with the best at " + r.bestEpoch());
        assertTrue(r.validationAccuracy() > 0.9, "validation accuracy " + r.validationAccuracy());
    }
}
