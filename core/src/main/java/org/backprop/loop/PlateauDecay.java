package org.backprop.loop;

/**
 * Lower the learning rate when training stalls: after every {@code patience} epochs in a row
 * without a better score, multiply the rate by {@code factor}, as PyTorch's
 * {@code ReduceLROnPlateau} and Keras's callback of that name do:
 * {@code η ← factor·η} when {@code epochsSinceBest ∈ {patience, 2·patience, …}}.
 *
 * <p>The score is the one {@link EarlyStopping} watches (its {@link EarlyStopping.Monitor} on the
 * validation rows; the training loss without them), and "better" is its rule, so an epoch that
 * early stopping counts as an improvement also resets this count. With early stopping's patience
 * twice this one, a stalled run gets one lowered rate before it stops. The factor multiplies
 * whatever the {@link org.backprop.optim.LearningRateSchedule} gives that epoch.
 *
 * <p>Immutable and thread-safe.
 *
 * @param patience epochs without improvement before each reduction (at least 1)
 * @param factor   what the rate is multiplied by, in (0, 1)
 */
public record PlateauDecay(int patience, double factor) {

    /** No reduction: the schedule's rate throughout. */
    public static final PlateauDecay NONE = new PlateauDecay(Integer.MAX_VALUE, 0.5);

    /**
     * Validates the fields.
     *
     * @param patience epochs without improvement before each reduction
     * @param factor   the multiplier
     * @throws IllegalArgumentException if {@code patience < 1} or {@code factor} is not in (0, 1)
     */
    public PlateauDecay {
        if (patience < 1) {
            throw new IllegalArgumentException("plateau patience must be at least 1, got " + patience);
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("plateau factor must be in (0, 1), got " + factor);
        }
    }

    /** The factor {@code backprop train --lr-schedule plateau} uses: 0.2, scikit-learn's "adaptive" rate's. */
    public static final double DEFAULT_FACTOR = 0.2;

    /**
     * The reduction that goes with early stopping after {@code earlyPatience} epochs: after half as many
     * epochs without improvement (at least 1; 5 when early stopping is off), times {@link #DEFAULT_FACTOR}.
     *
     * @param earlyPatience early stopping's patience; 0 when it is off
     * @return the reduction
     */
    public static PlateauDecay halfOf(int earlyPatience) {
        return new PlateauDecay(earlyPatience == 0 ? 5 : Math.max(1, earlyPatience / 2), DEFAULT_FACTOR);
    }

    /**
     * The rate's multiplier after an epoch that leaves the run {@code sinceBest} epochs past its best.
     *
     * @param sinceBest epochs in a row without improvement, counting the one just finished
     * @return {@code factor} when a reduction is due now, else 1
     */
    public double multiplierAfter(int sinceBest) {
        return sinceBest > 0 && sinceBest % patience == 0 ? factor : 1;
    }
}
