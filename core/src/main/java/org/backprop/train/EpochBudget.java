package org.backprop.train;

import java.util.Locale;
import org.backprop.data.MiniBatches;

/**
 * How many epochs a run may take when the user does not say: enough optimizer steps on small data,
 * a cap on big data. With {@code b = ⌈rows / batch⌉} mini-batches per epoch,
 *
 * <pre>  epochs = min(maxEpochs, max(minEpochs, ⌈steps / b⌉))</pre>
 *
 * <p>So 105 training rows in batches of 32 (4 steps an epoch) get {@code maxEpochs}, while 7,200
 * images (225 steps an epoch) get {@code ⌈steps / 225⌉}, and a big table never fewer than
 * {@code minEpochs}. It is an upper bound: early stopping on the validation loss (see
 * {@link org.backprop.loop.EarlyStopping}) usually ends the run before it.
 *
 * @param steps     the optimizer steps to aim for
 * @param minEpochs the fewest epochs, however big the data
 * @param maxEpochs the most epochs, however small the data
 */
public record EpochBudget(long steps, int minEpochs, int maxEpochs) {

    /**
     * Validates the fields.
     *
     * @param steps the optimizer steps to aim for, at least 1
     * @param minEpochs the fewest epochs, at least 1
     * @param maxEpochs the most epochs, at least {@code minEpochs}
     * @throws IllegalArgumentException naming the value out of range
     */
    public EpochBudget {
        if (steps < 1) {
            throw new IllegalArgumentException("the epoch budget's steps must be at least 1, got " + steps);
        }
        if (minEpochs < 1 || maxEpochs < minEpochs) {
            throw new IllegalArgumentException("the epoch budget needs 1 ≤ minEpochs ≤ maxEpochs, got " + minEpochs
                    + " and " + maxEpochs);
        }
    }

    /**
     * The epochs for {@code trainRows} rows in mini-batches of {@code batchSize}.
     *
     * @param trainRows the training rows (0 counts as 1)
     * @param batchSize the mini-batch size, at least 1
     * @return {@code min(maxEpochs, max(minEpochs, ⌈steps / ⌈trainRows / batchSize⌉⌉))}, in
     *         {@code [minEpochs, maxEpochs]}
     */
    public int epochs(int trainRows, int batchSize) {
        long batches = MiniBatches.count(Math.max(1, trainRows), batchSize);
        long wanted = (steps + batches - 1) / batches;
        return (int) Math.min(maxEpochs, Math.max(minEpochs, wanted));
    }

    /**
     * The rule in words, for the command line.
     *
     * @return the text, such as {@code 10–200 epochs, aiming at 20000 steps}
     */
    public String describe() {
        return String.format(Locale.ROOT, "%d–%d epochs, aiming at %d steps", minEpochs, maxEpochs, steps);
    }
}
