package org.backprop.loop;

/**
 * Hears what a {@link Trainer} does; every method does nothing by default, so a listener overrides
 * what it needs. {@link ProgressPrinter} is one; a custom one may log, plot or record.
 * Listeners must not change the model.
 */
public interface TrainingListener {

    /**
     * Before the first epoch.
     *
     * @param start what the run will do
     */
    default void onTrainingStart(TrainingStart start) {
    }

    /**
     * After each mini-batch.
     *
     * @param epoch   1-based
     * @param batch   1-based within the epoch
     * @param batches batches per epoch
     * @param loss    this batch's loss
     */
    default void onBatchEnd(int epoch, int batch, int batches, double loss) {
    }

    /**
     * After each epoch, with its record.
     *
     * @param record the epoch's figures
     */
    default void onEpochEnd(EpochRecord record) {
    }

    /**
     * When training ends, however it ends.
     *
     * @param history the whole run
     */
    default void onTrainingEnd(History history) {
    }
}
