package org.backprop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

/** Output comparison: every value within a relative tolerance (float32 results). */
final class Close {
    private Close() {
    }

    /** Asserts {@code |a − b| ≤ tol·max(|a|, |b|)} for every element, naming the first that is not. */
    static void assertRows(float[][] actual, float[] expected, int cols, double tol, String what) {
        assertThat(actual.length * cols).as(what + ": element count").isEqualTo(expected.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i].length).as(what + ": row " + i + " width").isEqualTo(cols);
            for (int j = 0; j < cols; j++) {
                double a = actual[i][j];
                double b = expected[i * cols + j];
                double rel = a == b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
                worst = Math.max(worst, rel);
                assertThat(rel).as(what + ": row " + i + ", column " + j + ": " + a + " vs " + b).isLessThanOrEqualTo(tol);
            }
        }
    }
}
