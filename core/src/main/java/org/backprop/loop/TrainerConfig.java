package org.backprop.loop;

import org.backprop.optim.LearningRateSchedule;

/**
 * How the {@link Trainer} loops.
 *
 * @param epochs        passes over the training data (at least 1)
 * @param batchSize     rows per mini-batch (at least 1)
 * @param earlyStopping when to stop before {@code epochs} (see {@link EarlyStopping})
 * @param threads       threads the training step may use (results do not depend on it)
 * @param schedule      the learning-rate factor per epoch (0-based), applied to the optimiser's initial rate
 */
public record TrainerConfig(int epochs, int batchSize, EarlyStopping earlyStopping, int threads,
                            LearningRateSchedule schedule) {

    /** Validates the fields. */
    public TrainerConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (earlyStopping == null) {
            earlyStopping = EarlyStopping.OFF;
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.constant();
        }
    }

    /** {@code epochs} epochs of {@code batchSize}, one thread, constant rate, no early stopping. */
    public static TrainerConfig of(int epochs, int batchSize) {
        return new TrainerConfig(epochs, batchSize, EarlyStopping.OFF, 1, LearningRateSchedule.constant());
    }

    /** The same with other early stopping. */
    public TrainerConfig withEarlyStopping(EarlyStopping e) {
        return new TrainerConfig(epochs, batchSize, e, threads, schedule);
    }

    /** The same with another thread count. */
    public TrainerConfig withThreads(int n) {
        return new TrainerConfig(epochs, batchSize, earlyStopping, n, schedule);
    }
}
