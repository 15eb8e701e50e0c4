package org.backprop.optim;

import java.util.Locale;

/**
 * The learning-rate schedules a training run can name, counted in epochs: {@code constant};
 * {@code cosine} — cosine annealing from the base rate down to 1% of it over the run's epochs,
 * {@code η_e = η·(0.01 + 0.99·(1 + cos(π·e/epochs))/2)}: big steps early, fine ones at the end; or
 * {@code plateau} — the base rate, multiplied by 0.2 each time the score early stopping watches has
 * not improved for half its patience (see {@code org.backprop.loop.PlateauDecay}; the trainer
 * applies it, since it depends on the run).
 */
public enum ScheduleKind {
    /** The base rate throughout. */
    CONSTANT,
    /** Cosine annealing to 1% of the base rate by the last epoch. */
    COSINE,
    /** The base rate, lowered when training stalls (the trainer's {@code PlateauDecay}). */
    PLATEAU;

    /**
     * The kind a name means: {@code constant} (or {@code none}), {@code cosine}, {@code plateau}.
     *
     * @throws IllegalArgumentException for an unknown name
     * @param name such as {@code cosine}
     * @return the kind
     */
    public static ScheduleKind parse(String name) {
        switch (name == null ? "constant" : name.trim().toLowerCase(Locale.ROOT)) {
            case "constant": case "none": return CONSTANT;
            case "cosine": return COSINE;
            case "plateau": return PLATEAU;
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule '" + name
                        + "'; expected constant, cosine or plateau");
        }
    }

    /**
     * The lower-case name.
     *
     * @return the name used on the command line
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The schedule for a run of {@code epochs} epochs ({@link #PLATEAU}'s is constant: its reductions
     * come from the trainer).
     *
     * @param epochs the epochs of the run
     * @return the schedule over those epochs
     */
    public LearningRateSchedule schedule(int epochs) {
        return this == COSINE ? LearningRateSchedule.cosine(Math.max(1, epochs), 0.01) : LearningRateSchedule.constant();
    }
}
