package org.backprop.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a training run: one {@link EpochRecord} per epoch, why it stopped, and which
 * epoch's weights the model kept.
 *
 * @param epochs     the epochs in order
 * @param stopReason why training ended
 * @param message    a human sentence about the stop (for {@link StopReason#DIVERGED}: the step, the
 *                   last finite loss and a hint); empty when it simply completed
 * @param bestEpoch  the epoch with the lowest validation loss (1-based), or 0 without validation
 * @param keptEpoch  the epoch whose weights the model has at the end
 * @param engine     the training-step engine's name, such as {@code autograd}
 */
public record History(List<EpochRecord> epochs, StopReason stopReason, String message, int bestEpoch, int keptEpoch,
                      String engine) {

    /** Copies the list. */
    public History {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch, or {@code null} if none ran. */
    public EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** The train loss per epoch. */
    public double[] trainLosses() {
        return epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray();
    }

    /** The validation loss per epoch (NaN without validation). */
    public double[] validationLosses() {
        return epochs.stream().mapToDouble(EpochRecord::validationLoss).toArray();
    }

    /** A JSON-ready map: stopReason, message, bestEpoch, keptEpoch, engine, epochs. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stopReason", stopReason.name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", message);
        m.put("bestEpoch", (long) bestEpoch);
        m.put("keptEpoch", (long) keptEpoch);
        m.put("engine", engine);
        List<Object> list = new ArrayList<>();
        for (EpochRecord e : epochs) {
            list.add(e.toMap());
        }
        m.put("epochs", list);
        return m;
    }
}
