package org.backprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConcurrentPredictionsTest {

    @Test
    void eightThreadsGetTheSingleThreadedBits() throws Exception {
        // When 8 threads share one predictor for 10,000 predictions each
        ConcurrentPredictions.Result r = ConcurrentPredictions.run(8, 10_000);

        // Then all 80,000 answers equal the single-threaded ones to the last bit
        assertEquals(80_000, r.predictions());
        assertEquals(0, r.mismatches());
    }
}
