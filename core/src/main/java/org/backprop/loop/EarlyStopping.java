package org.backprop.loop;

/**
 * Stop training when the validation loss has not improved for {@code patience} epochs.
 *
 * <p>An epoch improves when its validation loss is below the best so far by more than
 * {@code minDelta}. With {@link Restore#BEST_WEIGHTS} the weights of the best epoch are put back
 * at the end (whether training stopped early or ran all its epochs).
 *
 * @param patience epochs without improvement before stopping; 0 turns early stopping off
 * @param minDelta the smallest decrease that counts as an improvement
 * @param restore  which weights the model keeps at the end
 */
public record EarlyStopping(int patience, double minDelta, Restore restore) {

    /** Which weights a model keeps when training ends. */
    public enum Restore {
        /** The weights of the epoch with the lowest validation loss. */
        BEST_WEIGHTS,
        /** The weights of the last epoch trained. */
        LAST_WEIGHTS
    }

    /** No early stopping; the last weights are kept. */
    public static final EarlyStopping OFF = new EarlyStopping(0, 0, Restore.LAST_WEIGHTS);

    /** Validates the fields. */
    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("early stopping patience must be 0 (off) or more, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping minDelta must be 0 or more, got " + minDelta);
        }
    }

    /** Stop after {@code patience} epochs without improvement, and restore the best weights. */
    public static EarlyStopping patience(int patience) {
        return patience == 0 ? OFF : new EarlyStopping(patience, 0, Restore.BEST_WEIGHTS);
    }

    /** Whether early stopping is on. */
    public boolean enabled() {
        return patience > 0;
    }
}
