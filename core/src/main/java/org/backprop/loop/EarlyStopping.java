package org.backprop.loop;

/**
 * Stop training when the validation loss has not improved for {@code patience} epochs.
 *
 * <p>An epoch improves when its validation loss is below the best so far by more than
 * {@code minDelta}. With {@link Restore#BEST_WEIGHTS} the weights of the best epoch are put back
 * at the end (whether training stopped early or ran all its epochs).
 *
 * <p>Without validation rows the same patience and {@code minDelta} apply to the training loss,
 * as scikit-learn's {@code tol} and {@code n_iter_no_change} do: training stops once it has
 * converged ({@link StopReason#CONVERGED}), keeping the last weights.
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

    /**
     * Validates the fields.
     *
     * @param patience epochs without improvement before stopping; 0 turns it off
     * @param minDelta the smallest decrease that counts as an improvement
     * @param restore  which weights the model keeps
     */
    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("early stopping patience must be 0 (off) or more, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping minDelta must be 0 or more, got " + minDelta);
        }
    }

    /** The improvement that counts by default: 1e-4, scikit-learn's {@code tol}. */
    public static final double DEFAULT_MIN_DELTA = 1e-4;

    /**
     * Stop after {@code patience} epochs without an improvement of more than {@link #DEFAULT_MIN_DELTA},
     * and restore the best weights.
     *
     * @param patience epochs without improvement before stopping; 0 for {@link #OFF}
     * @return the setting
     */
    public static EarlyStopping patience(int patience) {
        return patience == 0 ? OFF : new EarlyStopping(patience, DEFAULT_MIN_DELTA, Restore.BEST_WEIGHTS);
    }

    /**
     * Whether early stopping is on.
     *
     * @return {@code true} when {@code patience > 0}
     */
    public boolean enabled() {
        return patience > 0;
    }
}
