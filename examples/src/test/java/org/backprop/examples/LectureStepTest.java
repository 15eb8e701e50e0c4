package org.backprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LectureStepTest {

    @Test
    void oneStepGivesTheHandWorkedNumbers() {
        // When the lecture's network takes one step
        LectureStep.Result r = LectureStep.run();

        // Then every number is the one worked by hand (Mazur: E_total, ∂E/∂w5, w5⁺, w1⁺)
        assertEquals(0.298371109, r.loss(), 1e-9);
        assertEquals(0.082167041, r.gradW5(), 1e-9);
        assertEquals(0.35891648, r.newW5(), 1e-8);
        assertEquals(0.000438568, r.gradW1(), 1e-9);
        assertEquals(0.149780716, r.newW1(), 1e-9);
    }
}
