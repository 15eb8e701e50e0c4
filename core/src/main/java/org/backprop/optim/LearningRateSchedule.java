package org.backprop.optim;

/**
 * How the learning rate changes over training: a factor of the base rate for each step (or epoch,
 * as the caller counts), starting at 0. Apply it with {@link #apply}.
 *
 * <pre>{@code
 * LearningRateSchedule s = LearningRateSchedule.warmup(100, LearningRateSchedule.cosine(10_000, 0.01));
 * s.apply(optimizer, 0.1, step);   // before optimizer.step()
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The factor of the base learning rate at step {@code t ≥ 0}.
     *
     * @param t the step (or epoch), from 0
     * @return the factor of the base rate
     */
    double factor(long t);

    /**
     * Sets {@code optimizer}'s learning rate to {@code baseRate · factor(t)}.
     *
     * @param optimizer the optimiser whose rate to set
     * @param baseRate  the base rate
     * @param t         the step (or epoch), from 0
     */
    default void apply(Optimizer optimizer, double baseRate, long t) {
        optimizer.setLearningRate(baseRate * factor(t));
    }

    /**
     * The same rate throughout.
     *
     * @return the schedule
     */
    static LearningRateSchedule constant() {
        return t -> 1.0;
    }

    /**
     * Step decay: multiplied by {@code gamma} every {@code stepSize} steps, {@code γ^⌊t/stepSize⌋}.
     *
     * @throws IllegalArgumentException if {@code stepSize < 1} or γ is not in {@code (0, 1]}
     * @param stepSize steps between decays
     * @param gamma    the factor of each decay
     * @return the schedule
     */
    static LearningRateSchedule step(int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step schedule: stepSize must be at least 1, got " + stepSize);
        }
        checkGamma("step", gamma);
        return t -> Math.pow(gamma, t / stepSize);
    }

    /**
     * Exponential decay {@code γ^t}.
     *
     * @throws IllegalArgumentException if γ is not in {@code (0, 1]}
     * @param gamma the factor per step
     * @return the schedule
     */
    static LearningRateSchedule exponential(double gamma) {
        checkGamma("exponential", gamma);
        return t -> Math.pow(gamma, t);
    }

    /**
     * Cosine annealing from 1 down to {@code minFactor} over {@code period} steps, then held:
     * {@code min + (1−min)·(1 + cos(π·t/period))/2}.
     *
     * @throws IllegalArgumentException if {@code period < 1} or {@code minFactor} is not in {@code [0, 1]}
     * @param period    the steps of one half cosine
     * @param minFactor the factor at its end
     * @return the schedule
     */
    static LearningRateSchedule cosine(long period, double minFactor) {
        if (period < 1) {
            throw new IllegalArgumentException("cosine schedule: period must be at least 1, got " + period);
        }
        if (!(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("cosine schedule: minFactor must be in [0, 1], got " + minFactor);
        }
        return t -> t >= period ? minFactor
                : minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * t / period));
    }

    /**
     * Linear warm-up from {@code 1/warmupSteps} to 1 over the first {@code warmupSteps} steps, then
     * {@code after} (counted from the end of the warm-up).
     *
     * @throws IllegalArgumentException if {@code warmupSteps < 1}
     * @param warmupSteps the steps of the linear warm-up
     * @param after       the schedule after it (its step 0 is the first after the warm-up)
     * @return the schedule
     */
    static LearningRateSchedule warmup(long warmupSteps, LearningRateSchedule after) {
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("warmup schedule: warmupSteps must be at least 1, got " + warmupSteps);
        }
        return t -> t < warmupSteps ? (t + 1.0) / warmupSteps : after.factor(t - warmupSteps);
    }

    private static void checkGamma(String name, double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException(name + " schedule: gamma must be in (0, 1], got " + gamma);
        }
    }
}
