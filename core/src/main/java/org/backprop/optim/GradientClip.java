package org.backprop.optim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.backprop.autograd.Variable;

/**
 * Gradient clipping as a setting: none, by global norm, or by value (the formulas are
 * {@link GradientClipping}'s). Immutable, so one value may be shared between threads and runs.
 *
 * <pre>{@code
 * GradientClip.byNorm(1.0)    // g ← g · min(1, 1.0 / ‖g‖)   over all parameters together
 * GradientClip.byValue(0.5)   // g ← max(−0.5, min(0.5, g))  elementwise
 * }</pre>
 *
 * @param kind  how to clip
 * @param limit the largest norm ({@link Kind#NORM}) or magnitude ({@link Kind#VALUE}); 0 for {@link Kind#NONE}
 */
public record GradientClip(Kind kind, double limit) {

    /** How gradients are clipped. */
    public enum Kind {
        /** Not at all. */
        NONE,
        /** Scaled together so that their joint L2 norm is at most the limit. */
        NORM,
        /** Each element clamped to {@code [−limit, limit]}. */
        VALUE
    }

    /** No clipping. */
    public static final GradientClip NONE = new GradientClip(Kind.NONE, 0);

    /**
     * Checks the limit against the kind.
     *
     * @throws IllegalArgumentException if the limit is not a finite number &gt; 0 for a clipping
     *                                  kind, or not 0 for {@link Kind#NONE}
     * @param kind  how to clip
     * @param limit the limit, 0 for {@link Kind#NONE}
     */
    public GradientClip {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.NONE) {
            if (limit != 0) {
                throw new IllegalArgumentException("GradientClip: no clipping takes no limit, got " + limit);
            }
        } else {
            Check.positive("GradientClip", kind == Kind.NORM ? "maxNorm" : "limit", limit);
        }
    }

    /**
     * Clipping by the joint L2 norm of all gradients.
     *
     * @param maxNorm the largest norm allowed, a finite number &gt; 0
     * @return the setting
     */
    public static GradientClip byNorm(double maxNorm) {
        return new GradientClip(Kind.NORM, maxNorm);
    }

    /**
     * Clipping of each gradient element.
     *
     * @param limit the largest magnitude allowed, a finite number &gt; 0
     * @return the setting
     */
    public static GradientClip byValue(double limit) {
        return new GradientClip(Kind.VALUE, limit);
    }

    /**
     * Clips the gradients of {@code parameters} in place (nothing for {@link Kind#NONE}); allocates nothing.
     *
     * @param parameters the parameters whose gradients to clip
     */
    public void apply(List<Variable> parameters) {
        switch (kind) {
            case NORM:
                GradientClipping.clipByNorm(parameters, limit);
                break;
            case VALUE:
                GradientClipping.clipByValue(parameters, limit);
                break;
            default:
                break;
        }
    }

    /** @return {@code none}, {@code norm 1.0} or {@code value 0.5} */
    @Override
    public String toString() {
        return kind == Kind.NONE ? "none" : kind.name().toLowerCase(Locale.ROOT) + " " + limit;
    }
}
