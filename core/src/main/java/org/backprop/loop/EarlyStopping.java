package org.backprop.loop;

/**
 * Stop training when the validation score has not improved for {@code patience} epochs.
 *
 * <p>What counts as an improvement is the {@link Monitor}:
 * <ul>
 *   <li>{@link Monitor#LOSS}: the validation loss L is below the best so far by more than
 *       {@code minDelta}: {@code L < L* − minDelta};</li>
 *   <li>{@link Monitor#METRIC}: the validation metric m (accuracy, R²; higher is better) is above
 *       the best so far by more than {@code minDelta}, or it equals it and the loss is lower by
 *       more than {@code minDelta}: {@code m > m* + minDelta  ∨  (m ≥ m* ∧ L < L* − minDelta)}. This
 *       is scikit-learn's {@code early_stopping}, which watches the validation score, with the loss
 *       to break ties between epochs with the same count of right answers.</li>
 * </ul>
 * The patience counts epochs without <em>progress</em>: for {@link Monitor#LOSS} progress is an
 * improvement; for {@link Monitor#METRIC} it is an improvement of the metric or a validation loss
 * below the lowest so far (by more than {@code minDelta}), so a run whose accuracy sits on a plateau
 * while its loss still falls — a network slowly finding the two spirals — keeps going, and a run whose
 * loss has turned while its accuracy still climbs — MNIST after a few epochs — keeps going too. The
 * weights kept are still the best epoch's by the rule above.
 * With {@link Restore#BEST_WEIGHTS} the weights of the best epoch are put back at the end (whether
 * training stopped early or ran all its epochs).
 *
 * <p>Without validation rows the same patience and {@code minDelta} apply to the training loss,
 * as scikit-learn's {@code tol} and {@code n_iter_no_change} do: training stops once it has
 * converged ({@link StopReason#CONVERGED}), keeping the last weights.
 *
 * @param patience epochs without improvement before stopping; 0 turns early stopping off
 * @param minDelta the smallest change of the watched score that counts as an improvement
 * @param restore  which weights the model keeps at the end
 * @param monitor  which validation score is watched
 */
public record EarlyStopping(int patience, double minDelta, Restore restore, Monitor monitor) {

    /** The validation score early stopping watches, and that picks the epoch whose weights are kept. */
    public enum Monitor {
        /** The validation loss; lower is better. */
        LOSS("loss"),
        /** The validation metric (accuracy for classification, R² for regression); higher is better,
         *  ties broken by the lower loss. */
        METRIC("metric");

        private final String label;

        Monitor(String label) {
            this.label = label;
        }

        /**
         * The name used on the command line and in settings files.
         *
         * @return {@code loss} or {@code metric}
         */
        public String label() {
            return label;
        }

        /**
         * The monitor with this label.
         *
         * @param label {@code loss} or {@code metric}
         * @return the monitor
         * @throws IllegalArgumentException naming the label and the allowed ones
         */
        public static Monitor of(String label) {
            for (Monitor m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown early-stopping score '" + label + "' (expected loss or metric)");
        }
    }

    /** Which weights a model keeps when training ends. */
    public enum Restore {
        /** The weights of the best epoch by the {@link Monitor}. */
        BEST_WEIGHTS,
        /** The weights of the last epoch trained. */
        LAST_WEIGHTS
    }

    /** No early stopping; the last weights are kept. */
    public static final EarlyStopping OFF = new EarlyStopping(0, 0, Restore.LAST_WEIGHTS, Monitor.LOSS);

    /**
     * Validates the fields.
     *
     * @param patience epochs without improvement before stopping; 0 turns it off
     * @param minDelta the smallest change that counts as an improvement
     * @param restore  which weights the model keeps
     * @param monitor  which validation score is watched
     */
    public EarlyStopping {
        java.util.Objects.requireNonNull(restore, "restore");
        java.util.Objects.requireNonNull(monitor, "monitor");
        if (patience < 0) {
            throw new IllegalArgumentException("early stopping patience must be 0 (off) or more, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping minDelta must be 0 or more, got " + minDelta);
        }
    }

    /**
     * Watching the validation loss.
     *
     * @param patience epochs without improvement before stopping; 0 turns it off
     * @param minDelta the smallest decrease that counts as an improvement
     * @param restore  which weights the model keeps
     */
    public EarlyStopping(int patience, double minDelta, Restore restore) {
        this(patience, minDelta, restore, Monitor.LOSS);
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
        return patience(patience, Monitor.LOSS);
    }

    /**
     * Stop after {@code patience} epochs without an improvement of the {@code monitor}ed score by more
     * than {@link #DEFAULT_MIN_DELTA}, and restore the best weights.
     *
     * @param patience epochs without improvement before stopping; 0 for {@link #OFF}
     * @param monitor  which validation score is watched
     * @return the setting
     */
    public static EarlyStopping patience(int patience, Monitor monitor) {
        return patience == 0 ? OFF : new EarlyStopping(patience, DEFAULT_MIN_DELTA, Restore.BEST_WEIGHTS, monitor);
    }

    /**
     * Whether an epoch's validation scores improve on the best so far (the rule in the class comment).
     * The first finite epoch always improves on the initial best ({@code +∞} loss, {@code −∞} metric).
     * A NaN metric (R² of targets that do not vary) counts as {@code −∞}, so the loss decides.
     *
     * @param loss       the epoch's validation loss
     * @param metric     the epoch's validation metric (higher is better); ignored for {@link Monitor#LOSS}
     * @param bestLoss   the validation loss of the best epoch so far
     * @param bestMetric the validation metric of the best epoch so far
     * @return {@code true} when this epoch becomes the best
     */
    public boolean improves(double loss, double metric, double bestLoss, double bestMetric) {
        double m = Double.isNaN(metric) ? Double.NEGATIVE_INFINITY : metric;
        double best = Double.isNaN(bestMetric) ? Double.NEGATIVE_INFINITY : bestMetric;
        return switch (monitor) {
            case LOSS -> loss < bestLoss - minDelta;
            case METRIC -> m > best + minDelta || m >= best && loss < bestLoss - minDelta;
        };
    }

    /**
     * Whether an epoch counts as progress, which resets the patience (see the class comment).
     *
     * @param improves   what {@link #improves} said of the epoch
     * @param loss       the epoch's validation loss
     * @param lowestLoss the lowest validation loss of the epochs before it
     * @return {@code improves}, or for {@link Monitor#METRIC} also a new lowest loss
     */
    public boolean progresses(boolean improves, double loss, double lowestLoss) {
        return improves || monitor == Monitor.METRIC && loss < lowestLoss - minDelta;
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
