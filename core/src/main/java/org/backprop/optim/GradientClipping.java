package org.backprop.optim;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.Tensor;

/**
 * Limits gradients before {@link Optimizer#step()}, against exploding gradients.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm {@code √(Σ g²)} is at most
     * {@code maxNorm} (directions are kept). Returns the norm before clipping.
     *
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number &gt; 0
     */
    public static double clipByNorm(List<Variable> parameters, double maxNorm) {
        Check.positive("clipByNorm", "maxNorm", maxNorm);
        double sumSquares = 0;
        for (Variable p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    sumSquares += g.get(i) * g.get(i);
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (Variable p : parameters) {
                if (p.grad() != null) {
                    p.grad().scaleInPlace(scale);
                }
            }
        }
        return norm;
    }

    /**
     * Clamps every gradient element to {@code [−limit, limit]} (directions may change).
     *
     * @throws IllegalArgumentException if {@code limit} is not a finite number &gt; 0
     */
    public static void clipByValue(List<Variable> parameters, double limit) {
        Check.positive("clipByValue", "limit", limit);
        for (Variable p : parameters) {
            if (p.grad() != null) {
                p.grad().mapInPlace(g -> Math.max(-limit, Math.min(limit, g)));
            }
        }
    }
}
