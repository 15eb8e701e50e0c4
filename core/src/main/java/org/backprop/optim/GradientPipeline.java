package org.backprop.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.backprop.autograd.Variable;

/**
 * What happens to the gradients between the backward pass and {@link Optimizer#step()}, in this
 * order, the same in every engine:
 *
 * <ol>
 *   <li>the weight penalties add their gradients ({@link Regularization}: {@code g += λ₁·sign(w) + λ₂·w});
 *   <li>clipping limits them ({@link GradientClip}: by global norm or by value);
 *   <li>the hooks read or change them ({@link GradientHook}), in the order given.
 * </ol>
 *
 * <p>Immutable (the hooks themselves may hold state); {@link #apply} allocates nothing, so the
 * allocation-free fused engine stays allocation-free with clipping.
 *
 * @param regularization the weight penalties
 * @param clip           the clipping
 * @param hooks          the hooks, run last, in order
 */
public record GradientPipeline(Regularization regularization, GradientClip clip, List<GradientHook> hooks) {

    /** Nothing between backward and step. */
    public static final GradientPipeline NONE = new GradientPipeline(Regularization.NONE, GradientClip.NONE, List.of());

    /**
     * Checks for nulls and copies the hooks.
     *
     * @param regularization the weight penalties
     * @param clip           the clipping
     * @param hooks          the hooks, in order
     */
    public GradientPipeline {
        Objects.requireNonNull(regularization, "regularization");
        Objects.requireNonNull(clip, "clip");
        hooks = List.copyOf(hooks);
    }

    /**
     * Only weight penalties.
     *
     * @param regularization the weight penalties
     * @return the pipeline
     */
    public static GradientPipeline of(Regularization regularization) {
        return new GradientPipeline(regularization, GradientClip.NONE, List.of());
    }

    /**
     * The same with other clipping.
     *
     * @param newClip the clipping
     * @return the new pipeline
     */
    public GradientPipeline withClip(GradientClip newClip) {
        return new GradientPipeline(regularization, newClip, hooks);
    }

    /**
     * The same with {@code hook} run after the hooks already there.
     *
     * @param hook the hook to add
     * @return the new pipeline
     */
    public GradientPipeline withHook(GradientHook hook) {
        List<GradientHook> more = new ArrayList<>(hooks);
        more.add(Objects.requireNonNull(hook, "hook"));
        return new GradientPipeline(regularization, clip, more);
    }

    /**
     * Penalties, clipping and hooks, in place on the gradients of {@code parameters}.
     *
     * @param parameters the optimiser's parameters
     * @param step       the number of the step about to be taken, from 1
     */
    public void apply(List<Variable> parameters, long step) {
        regularization.addToGradients(parameters);
        clip.apply(parameters);
        for (int i = 0; i < hooks.size(); i++) {
            hooks.get(i).beforeStep(parameters, step);
        }
    }
}
