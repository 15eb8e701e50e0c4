package org.backprop.loop;

import java.util.List;
import java.util.Map;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * Where a training run stands between two steps: the epoch in progress and how many of its
 * batches are done, the running sums of that epoch, the history so far and the early-stopping
 * bookkeeping. Together with the weights, the optimiser's state and the random generators' states
 * it is everything the rest of the run depends on, which is what a {@link Checkpoints checkpoint}
 * saves.
 *
 * <p>The position in the shuffled data is kept as the batch-order generator's state <em>before</em>
 * the epoch's shuffle plus the number of batches done: resuming draws the same order again and
 * skips those batches, so no permutation needs saving.
 */
public final class TrainingProgress {
    /** The epoch in progress, from 1 (past the last when the run is complete). */
    int epoch = 1;
    /** Batches of {@link #epoch} already taken. */
    int batch;
    /** Optimiser steps taken in the whole run. */
    long steps;
    /** The batch-order generator's state before {@link #epoch}'s shuffle. */
    Rng.State epochStart;
    /** The learning rate the schedule starts from. */
    double baseRate;
    /** Σ loss·rows and rows over the batches of {@link #epoch} so far. */
    double lossSum;
    int rows;
    /** Σ of each parameter's gradient norm over the batches of {@link #epoch} so far. */
    double[] normSums;
    double lastFinite = Double.NaN;
    /** The validation loss and metric of {@link #bestEpoch} (the training loss when there are no validation rows). */
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestMetric = Double.NEGATIVE_INFINITY;
    /** The lowest validation loss of any epoch so far (progress for {@link EarlyStopping.Monitor#METRIC}). */
    double lowestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch;
    /** The product of the {@link PlateauDecay} reductions so far, and how many there were. */
    double rateFactor = 1;
    int rateCuts;
    int sinceBest;
    /** The weights of {@link #bestEpoch}, when early stopping restores them. */
    Map<String, Tensor> bestWeights;
    final EpochLog records = new EpochLog();
    StopReason reason = StopReason.COMPLETED;
    String message = "";
    /** Seconds of training before this process took over (a resumed run's earlier part). */
    double elapsedBefore;

    TrainingProgress(double baseRate, int parameters) {
        this.baseRate = baseRate;
        this.normSums = new double[parameters];
    }

    /**
     * The epoch in progress (from 1).
     *
     * @return the epoch number, 1-based (one past the last when the run is complete)
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Batches of the current epoch already taken.
     *
     * @return the count of batches done in the current epoch, from 0
     */
    public int batch() {
        return batch;
    }

    /**
     * Optimiser steps taken in the whole run.
     *
     * @return the count of optimiser steps so far
     */
    public long steps() {
        return steps;
    }

    /**
     * The finished epochs' records.
     *
     * @return an unmodifiable copy of the records, oldest first
     */
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }
}
