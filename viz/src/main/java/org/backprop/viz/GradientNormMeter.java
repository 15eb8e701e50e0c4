package org.backprop.viz;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop.autograd.Variable;
import org.backprop.nn.Module;
import org.backprop.tensor.Tensor;

/**
 * Collects the gradient norms a {@link TrainingReport.Epoch} needs: call {@link #record(Module)}
 * after each training step (the step leaves {@code ∂L/∂θ} in every parameter), and
 * {@link #endEpoch()} once per epoch for the mean of {@code ‖∂L/∂θ‖₂} per parameter over the
 * epoch's steps. Not thread-safe: use it from the training thread.
 */
public final class GradientNormMeter {
    private final Map<String, double[]> sums = new LinkedHashMap<>(); // name → {sum of norms, count}

    /** A meter with nothing recorded. */
    public GradientNormMeter() {
    }

    /** Adds the current gradient norm of every parameter of {@code model} that has a gradient. */
    public void record(Module model) {
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) {
                continue;
            }
            double s = 0;
            for (int i = 0; i < g.size(); i++) {
                double v = g.get(i);
                s += v * v;
            }
            double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
            acc[0] += Math.sqrt(s);
            acc[1]++;
        }
    }

    /** The mean norm per parameter since the last call, in parameter order; starts the next epoch. */
    public Map<String, Double> endEpoch() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            out.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
        }
        sums.clear();
        return out;
    }
}
