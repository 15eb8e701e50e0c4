package org.backprop.loop;

import org.backprop.tensor.Tensor;

/**
 * One parameter at the end of an epoch: a histogram of its values and how far the epoch moved it.
 *
 * <p>{@code updateRatio = ‖W_end − W_start‖₂ / ‖W_start‖₂} over the epoch: around {@code 1e-3} per
 * step is the usual healthy size (the epoch's ratio is larger, roughly the per-step one times the
 * steps while the updates point the same way); far smaller means the layer has stopped learning, far
 * larger that the learning rate is too high for it.
 *
 * @param min         the smallest value
 * @param max         the largest value
 * @param counts      how many values fall in each of {@code counts.length} equal bins from min to max
 *                    (the last bin includes max)
 * @param updateRatio {@code ‖ΔW‖/‖W‖} over the epoch; NaN when the start was all zeros
 */
public record WeightSummary(double min, double max, long[] counts, double updateRatio) {
    /** The number of histogram bins {@link #of} uses. */
    public static final int BINS = 24;

    /**
     * Copies the counts.
     *
     * @param min the smallest value
     * @param max the largest value
     * @param counts the histogram bin counts, lowest bin first; copied
     * @param updateRatio {@code ‖ΔW‖/‖W‖} over the epoch, or NaN when the start was all zeros
     */
    public WeightSummary {
        counts = counts.clone();
    }

    /**
     * The counts, a copy.
     *
     * @return a new copy of the bin counts, lowest bin first
     */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    /**
     * The summary of {@code end}, with the ratio of its change since {@code start} (same shape).
     *
     * @param start the parameter's values at the start of the epoch, the same shape as {@code end}
     * @param end the values at the end of the epoch, not empty
     * @return the summary: {@link #BINS} equal bins from {@code min} to {@code max} (every value in the first
     *         bin when all are equal) and {@code ‖end − start‖₂ / ‖start‖₂}
     */
    public static WeightSummary of(Tensor start, Tensor end) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double diff = 0;
        double norm = 0;
        int n = end.size();
        for (int i = 0; i < n; i++) {
            double v = end.get(i);
            double s = start.get(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
            diff += (v - s) * (v - s);
            norm += s * s;
        }
        long[] counts = new long[BINS];
        double width = (max - min) / BINS;
        for (int i = 0; i < n; i++) {
            int b = width > 0 ? (int) ((end.get(i) - min) / width) : 0;
            counts[Math.min(BINS - 1, Math.max(0, b))]++;
        }
        return new WeightSummary(min, max, counts, norm > 0 ? Math.sqrt(diff / norm) : Double.NaN);
    }
}
