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
 * @param message    why it stopped, in words: {@code ran all 20 epochs}, {@code stopped early after epoch 31:
 *                   the validation loss has not improved for 10 epochs (best 0.0812 at epoch 21)}, with the
 *                   weights kept ({@code restored the weights of epoch 21}); for {@link StopReason#DIVERGED}
 *                   the step, the last finite loss and a hint
 * @param bestEpoch  the epoch with the lowest validation loss (1-based), or 0 without validation
 * @param keptEpoch  the epoch whose weights the model has at the end
 * @param engine     the training-step engine's name, such as {@code autograd}
 */
public record History(List<EpochRecord> epochs, StopReason stopReason, String message, int bestEpoch, int keptEpoch,
                      String engine) {

    /**
     * Copies the list.
     *
     * @param epochs     one record per epoch run
     * @param stopReason why training stopped
     * @param message    the stop, in words
     * @param bestEpoch  the epoch with the lowest validation loss (0 if none)
     * @param keptEpoch  the epoch whose weights the model holds
     * @param engine     the training engine's name
     */
    public History {
        // a trainer's frozen epoch log is already immutable: copying it would make every record at once
        epochs = epochs instanceof EpochLog log && log.isFrozen() ? log : List.copyOf(epochs);
    }

    /**
     * The last epoch, or {@code null} if none ran.
     *
     * @return the last epoch's record
     */
    public EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /**
     * The train loss per epoch.
     *
     * @return the training loss of each epoch
     */
    public double[] trainLosses() {
        if (epochs instanceof EpochLog log) {
            double[] v = new double[log.size()];
            java.util.Arrays.setAll(v, log::trainLoss);
            return v;
        }
        return epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray();
    }

    /**
     * The validation loss per epoch (NaN without validation).
     *
     * @return the validation loss of each epoch (NaN without validation rows)
     */
    public double[] validationLosses() {
        if (epochs instanceof EpochLog log) {
            double[] v = new double[log.size()];
            java.util.Arrays.setAll(v, log::validationLoss);
            return v;
        }
        return epochs.stream().mapToDouble(EpochRecord::validationLoss).toArray();
    }

    /**
     * A JSON-ready map: stopReason, message, bestEpoch, keptEpoch, engine, epochs.
     *
     * @return a JSON-ready map
     */
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
