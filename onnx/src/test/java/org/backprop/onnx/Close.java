package org.backprop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

/** Output comparison: every value within a relative tolerance (float32 results). */
final class Close {
    private Close() {
    }

    /** Asserts {@code |a − b| ≤ tol·max(|a|, |b|)} for every element, naming the first that is not. */
    static void assertRows(float[][] actual, float[] expected, int cols, double tol, String what) {
        assertRows(actual, expected, cols, tol, 0, what);
    }

    /**
     * Asserts {@code |a − b| ≤ tol·max(|a|, |b|)} or {@code |a − b| ≤ abs} for every element: the
     * absolute floor is for outputs near zero that come from sums that cancel, where float32 rounding
     * in a different summation order is larger than {@code tol} relative to the tiny result.
     */
    static void assertRows(float[][] actual, float[] expected, int cols, double tol, double abs, String what) {
        assertThat(actual.length * cols).as(what + ": element count").isEqualTo(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i].length).as(what + ": row " + i + " width").isEqualTo(cols);
            for (int j = 0; j < cols; j++) {
                double a = actual[i][j];
                double b = expected[i * cols + j];
                double rel = a == b || Math.abs(a - b) <= abs ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
                assertThat(rel).as(what + ": row " + i + ", column " + j + ": " + a + " vs " + b).isLessThanOrEqualTo(tol);
            }
        }
    }
}
