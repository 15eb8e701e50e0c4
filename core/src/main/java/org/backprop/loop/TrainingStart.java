package org.backprop.loop;

/**
 * What a training run is about to do, for listeners to announce.
 *
 * @param epochs          the maximum number of epochs
 * @param batchesPerEpoch mini-batches per epoch
 * @param trainRows       training rows
 * @param validationRows  validation rows (0 without validation)
 * @param metricName      the validation metric, {@code accuracy} or {@code r2}
 * @param engine          the training-step engine's name
 */
public record TrainingStart(int epochs, int batchesPerEpoch, int trainRows, int validationRows, String metricName,
                           String engine) {
}
