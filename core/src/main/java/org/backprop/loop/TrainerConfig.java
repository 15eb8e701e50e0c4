package org.backprop.loop;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import org.backprop.optim.GradientClip;
import org.backprop.optim.GradientHook;
import org.backprop.optim.LearningRateSchedule;

/**
 * How the {@link Trainer} loops. Immutable; change a field with a {@code with…} method.
 *
 * @param epochs        passes over the training data (at least 1)
 * @param batchSize     rows per mini-batch (at least 1)
 * @param earlyStopping when to stop before {@code epochs} (see {@link EarlyStopping})
 * @param threads       threads the training step may use (results do not depend on it)
 * @param schedule      the learning-rate factor per epoch (0-based), applied to the optimiser's initial rate
 * @param clipping      gradient clipping before every update ({@link GradientClip#NONE} for none)
 * @param hooks         code run on the gradients before every update, after clipping
 * @param plateau       lowering the rate when the watched score stalls ({@link PlateauDecay#NONE} for never)
 * @param diagnostics   the optional figures each {@link EpochRecord} carries (all by default); what is left out
 *                      is not computed, so a run nobody inspects trains at the speed of its step
 */
public record TrainerConfig(int epochs, int batchSize, EarlyStopping earlyStopping, int threads,
                            LearningRateSchedule schedule, GradientClip clipping, List<GradientHook> hooks,
                            PlateauDecay plateau, Set<Diagnostic> diagnostics) {

    /**
     * The figures of an {@link EpochRecord} that cost time to measure, which a run may leave out
     * ({@link #withDiagnostics}); the losses, the validation figures, the rate, the times and the
     * step count are always recorded.
     */
    public enum Diagnostic {
        /**
         * {@link EpochRecord#gradientNorms()}: every parameter's gradient norm after every step, one
         * pass over all the gradients per step (a few percent of a step of a wide network).
         */
        GRADIENT_NORMS,
        /**
         * {@link EpochRecord#trainMetric()}: the metric over every training row after each epoch, a
         * forward pass over the whole training set (about a third of an epoch's training work).
         */
        TRAIN_METRIC,
        /**
         * {@link EpochRecord#weights()}: each parameter's histogram and update ratio, a copy of every
         * weight at the epoch's start and two passes over them at its end.
         */
        WEIGHT_SUMMARIES
    }

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if epochs, batch size or threads are below 1
     * @param epochs        passes over the training data
     * @param batchSize     rows per mini-batch
     * @param earlyStopping when to stop early, or {@code null} for never
     * @param threads       threads the training step may use
     * @param schedule      the learning-rate schedule, or {@code null} for a constant rate
     * @param clipping      gradient clipping, or {@code null} for none
     * @param hooks         gradient hooks, or {@code null} for none
     * @param plateau       rate reduction on a plateau, or {@code null} for none
     * @param diagnostics   the optional figures to record, or {@code null} for all of them
     */
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
        if (clipping == null) {
            clipping = GradientClip.NONE;
        }
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        if (plateau == null) {
            plateau = PlateauDecay.NONE;
        }
        diagnostics = diagnostics == null ? ALL : diagnostics.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(diagnostics));
    }

    private static final Set<Diagnostic> ALL = java.util.Collections.unmodifiableSet(EnumSet.allOf(Diagnostic.class));

    /**
     * A configuration without a reduction on plateaus, recording every diagnostic.
     *
     * @param epochs        passes over the training data
     * @param batchSize     rows per mini-batch
     * @param earlyStopping when to stop early, or {@code null} for never
     * @param threads       threads the training step may use
     * @param schedule      the learning-rate schedule, or {@code null} for a constant rate
     * @param clipping      gradient clipping, or {@code null} for none
     * @param hooks         gradient hooks, or {@code null} for none
     * @throws IllegalArgumentException if epochs, batch size or threads are below 1
     */
    public TrainerConfig(int epochs, int batchSize, EarlyStopping earlyStopping, int threads,
                         LearningRateSchedule schedule, GradientClip clipping, List<GradientHook> hooks) {
        this(epochs, batchSize, earlyStopping, threads, schedule, clipping, hooks, PlateauDecay.NONE, null);
    }

    /**
     * A configuration without clipping or hooks.
     *
     * @param epochs        passes over the training data (at least 1)
     * @param batchSize     rows per mini-batch (at least 1)
     * @param earlyStopping when to stop before {@code epochs}
     * @param threads       threads the training step may use
     * @param schedule      the learning-rate factor per epoch
     */
    public TrainerConfig(int epochs, int batchSize, EarlyStopping earlyStopping, int threads,
                         LearningRateSchedule schedule) {
        this(epochs, batchSize, earlyStopping, threads, schedule, GradientClip.NONE, List.of());
    }

    /**
     * {@code epochs} epochs of {@code batchSize}, one thread, constant rate, no early stopping, no clipping.
     *
     * @param epochs    passes over the training data (at least 1)
     * @param batchSize rows per mini-batch (at least 1)
     * @return the configuration
     */
    public static TrainerConfig of(int epochs, int batchSize) {
        return new TrainerConfig(epochs, batchSize, EarlyStopping.OFF, 1, LearningRateSchedule.constant());
    }

    /**
     * The same with other early stopping.
     *
     * @param e the early stopping
     * @return the new configuration
     */
    public TrainerConfig withEarlyStopping(EarlyStopping e) {
        return new TrainerConfig(epochs, batchSize, e, threads, schedule, clipping, hooks, plateau, diagnostics);
    }

    /**
     * The same with another thread count.
     *
     * @param n the threads
     * @return the new configuration
     */
    public TrainerConfig withThreads(int n) {
        return new TrainerConfig(epochs, batchSize, earlyStopping, n, schedule, clipping, hooks, plateau, diagnostics);
    }

    /**
     * The same with another learning-rate schedule.
     *
     * @param s the schedule
     * @return the new configuration
     */
    public TrainerConfig withSchedule(LearningRateSchedule s) {
        return new TrainerConfig(epochs, batchSize, earlyStopping, threads, s, clipping, hooks, plateau, diagnostics);
    }

    /**
     * The same with other gradient clipping, such as {@code GradientClip.byNorm(1.0)}.
     *
     * @param c the clipping
     * @return the new configuration
     */
    public TrainerConfig withClipping(GradientClip c) {
        return new TrainerConfig(epochs, batchSize, earlyStopping, threads, schedule, c, hooks, plateau, diagnostics);
    }

    /**
     * The same with {@code hook} run on the gradients before every update, after the hooks already there.
     *
     * @param hook the hook
     * @return the new configuration
     */
    public TrainerConfig withHook(GradientHook hook) {
        List<GradientHook> more = new ArrayList<>(hooks);
        more.add(Objects.requireNonNull(hook, "hook"));
        return new TrainerConfig(epochs, batchSize, earlyStopping, threads, schedule, clipping, more, plateau, diagnostics);
    }

    /**
     * The same with another reduction of the rate on plateaus.
     *
     * @param d the reduction, such as {@code new PlateauDecay(5, 0.2)}
     * @return the new configuration
     */
    public TrainerConfig withPlateau(PlateauDecay d) {
        return new TrainerConfig(epochs, batchSize, earlyStopping, threads, schedule, clipping, hooks, d, diagnostics);
    }

    /**
     * The same recording only {@code figures} of the optional ones (an empty set: none, the
     * fastest; the command line asks for them only for {@code --json}, {@code --report} and
     * {@code --plots}).
     *
     * @param figures the diagnostics to record
     * @return the new configuration
     */
    public TrainerConfig withDiagnostics(Set<Diagnostic> figures) {
        return new TrainerConfig(epochs, batchSize, earlyStopping, threads, schedule, clipping, hooks, plateau,
                Objects.requireNonNull(figures, "figures"));
    }
}
