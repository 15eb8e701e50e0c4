package org.backprop.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.backprop.nn.Dense;
import org.backprop.nn.Dropout;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.tensor.DType;

/**
 * The one answer to "is this a plain dense network?", shared by the fused training step and the
 * predictor so that they cannot disagree: a {@link Network} whose layers are {@link Dense} — and,
 * for inference only, {@link Dropout}, which passes values through in evaluation mode. Training
 * refuses dropout (the fused step has no masks) rather than silently dropping it.
 */
final class DenseNetworks {
    private DenseNetworks() {
    }

    /** What the layers are run for. */
    enum Use {
        /** The fused training step: dense float32 layers only. */
        TRAINING,
        /** The predictor: dense layers, dropout skipped (the identity at inference). */
        INFERENCE
    }

    /** Why {@code model} is not a plain dense network for {@code use}, or empty when it is. */
    static Optional<String> whyNot(Module model, Use use) {
        if (!(model instanceof Network)) {
            return Optional.of("model is a " + model.getClass().getSimpleName() + ", not a Network");
        }
        List<Module> modules = ((Network) model).layers().layers();
        for (int l = 0; l < modules.size(); l++) {
            Module m = modules.get(l);
            if (m instanceof Dropout) {
                if (use == Use.TRAINING) {
                    return Optional.of("layer " + l + " is dropout, which the fused step does not train");
                }
            } else if (m instanceof Dense) {
                Dense d = (Dense) m;
                if (use == Use.TRAINING && (d.weight().value().dtype() != DType.FLOAT32
                        || d.bias() != null && d.bias().value().dtype() != DType.FLOAT32)) {
                    return Optional.of("layer " + l + " is not float32");
                }
            } else {
                return Optional.of("layer " + l + " is " + m + ", not Dense");
            }
        }
        return Optional.empty();
    }

    /**
     * The dense layers of a network that {@link #whyNot} accepts, in order.
     *
     * @throws IllegalArgumentException naming the reason when it does not
     */
    static List<Dense> layers(Module model, Use use, String who) {
        Optional<String> reason = whyNot(model, use);
        if (reason.isPresent()) {
            throw new IllegalArgumentException(who + ": " + reason.get());
        }
        List<Dense> dense = new ArrayList<>();
        for (Module m : ((Network) model).layers().layers()) {
            if (m instanceof Dense) {
                dense.add((Dense) m);
            }
        }
        return dense;
    }

    /** {@code z[r][j] += bias[j]} over a {@code rows × cols} block: the bias step of {@code Z = X·Wᵀ + b}. */
    static void addBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) {
                z[o + j] += bias[j];
            }
        }
    }
}
