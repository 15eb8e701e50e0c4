package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.Tensor;

/**
 * Limits gradients before {@link Optimizer#step()}, against exploding gradients. The formulas of
 * clipping live here and only here: every engine clips through these methods (the graph's
 * {@code AutogradStep} and the fused {@code FusedMlpStep} alike, by way of {@link GradientClip} and
 * {@link GradientPipeline}), so they cannot drift apart.
 *
 * <ul>
 *   <li>by norm: {@code g ← g · min(1, c / (‖g‖ + ε))} with {@code ‖g‖ = √(Σ g²)} over all
 *       parameters together and {@code ε = 1e−6} (PyTorch's {@code clip_grad_norm_}); directions are kept.
 *   <li>by value: {@code g ← max(−c, min(c, g))} elementwise; directions may change.
 * </ul>
 *
 * <p>Both loop over the gradient tensors in place and allocate nothing, so they may run on every
 * step of the allocation-free fused engine.
 */
public final class GradientClipping {
    /** The ε added to the norm in {@link #factor}, as PyTorch does, so a norm of 0 cannot divide by 0. */
    public static final double EPSILON = 1e-6;

    private GradientClipping() {
    }

    /**
     * The factor clipping by norm multiplies every gradient by: {@code min(1, maxNorm / (norm + ε))},
     * exactly 1 when {@code norm ≤ maxNorm} (small gradients are left bit for bit as they are).
     *
     * @param norm    the joint L2 norm of the gradients
     * @param maxNorm the largest norm allowed
     * @return the factor, in {@code (0, 1]}
     */
    public static double factor(double norm, double maxNorm) {
        return norm > maxNorm ? maxNorm / (norm + EPSILON) : 1.0;
    }

    /**
     * The joint L2 norm {@code √(Σ g²)} of the gradients of {@code parameters} (those without a
     * gradient count as 0), summed in double in parameter order.
     *
     * @param parameters the parameters whose gradients to measure
     * @return the norm
     */
    public static double norm(List<Variable> parameters) {
        double sumSquares = 0;
        for (int p = 0; p < parameters.size(); p++) {
            Tensor g = parameters.get(p).grad();
            if (g != null) {
                int n = g.size();
                for (int i = 0; i < n; i++) {
                    double v = g.get(i);
                    sumSquares += v * v;
                }
            }
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}
     * (multiplying by {@link #factor}); directions are kept.
     *
     * @param parameters the parameters whose gradients to clip
     * @param maxNorm    the largest norm allowed
     * @return the norm before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number &gt; 0
     */
    public static double clipByNorm(List<Variable> parameters, double maxNorm) {
        Check.positive("clipByNorm", "maxNorm", maxNorm);
        double norm = norm(parameters);
        double scale = factor(norm, maxNorm);
        if (scale != 1.0) {
            for (int p = 0; p < parameters.size(); p++) {
                Tensor g = parameters.get(p).grad();
                if (g != null) {
                    g.scaleInPlace(scale);
                }
            }
        }
        return norm;
    }

    /**
     * Clamps every gradient element to {@code [−limit, limit]} (directions may change).
     *
     * @param parameters the parameters whose gradients to clip
     * @param limit      the largest magnitude allowed
     * @throws IllegalArgumentException if {@code limit} is not a finite number &gt; 0
     */
    public static void clipByValue(List<Variable> parameters, double limit) {
        Check.positive("clipByValue", "limit", limit);
        for (int p = 0; p < parameters.size(); p++) {
            Tensor g = parameters.get(p).grad();
            if (g != null) {
                int n = g.size();
                for (int i = 0; i < n; i++) {
                    g.set(i, Math.max(-limit, Math.min(limit, g.get(i))));
                }
            }
        }
    }
}
