package org.backprop.train;

import org.backprop.data.DataSplit;
import org.backprop.loop.History;
import org.backprop.loop.StopReason;
import org.backprop.model.Evaluation;
import org.backprop.model.TrainedModel;

/**
 * Everything a training run produced — what the command line prints and what a visual report
 * plots: the model (with its scaler and labels), the per-epoch history, the raw splits it used, and
 * the metrics on each split.
 *
 * @param model      the trained model
 * @param history    per-epoch losses, metrics, learning rates, times and gradient norms
 * @param split      the raw (unscaled) train/validation/test rows
 * @param train      metrics on the training rows
 * @param validation metrics on the validation rows, or {@code null}
 * @param test       metrics on the test rows, or {@code null}
 * @param settings   the settings it ran with
 * @param seconds    wall-clock training time
 */
public record TrainingResult(TrainedModel model, History history, DataSplit split, Evaluation train,
                             Evaluation validation, Evaluation test, TrainingSettings settings, double seconds) {

    /**
     * Whether training ended with a NaN or infinite loss.
     *
     * @return whether the loss became NaN or infinite
     */
    public boolean diverged() {
        return history.stopReason() == StopReason.DIVERGED;
    }
}
