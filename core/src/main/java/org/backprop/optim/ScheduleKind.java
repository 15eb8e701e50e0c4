package org.backprop.optim;

import java.util.Locale;

/**
 * The learning-rate schedules a training run can name, counted in epochs: {@code constant}, or
 * {@code cosine} — cosine annealing from the base rate down to 1% of it over the run's epochs,
 * {@code η_e = η·(0.01 + 0.99·(1 + cos(π·e/epochs))/2)}: big steps early, fine ones at the end.
 */
public enum ScheduleKind {
    /** The base rate throughout. */
    CONSTANT,
    /** Cosine annealing to 1% of the base rate by the last epoch. */
    COSINE;

    /**
     * The kind a name means: {@code constant} (or {@code none}), {@code cosine}.
     *
     * @throws IllegalArgumentException for an unknown name
     * @param name such as {@code cosine}
     * @return the kind
     */
    public static ScheduleKind parse(String name) {
        switch (name == null ? "constant" : name.trim().toLowerCase(Locale.ROOT)) {
            case "constant": case "none": return CONSTANT;
            case "cosine": return COSINE;
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'; expected constant or cosine");
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
     * The schedule for a run of {@code epochs} epochs.
     *
     * @param epochs the epochs of the run
     * @return the schedule over those epochs
     */
    public LearningRateSchedule schedule(int epochs) {
        return this == CONSTANT ? LearningRateSchedule.constant() : LearningRateSchedule.cosine(Math.max(1, epochs), 0.01);
    }
}
