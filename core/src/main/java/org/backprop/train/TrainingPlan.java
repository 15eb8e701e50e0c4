package org.backprop.train;

import org.backprop.data.DataSplit;
import org.backprop.data.Dataset;
import org.backprop.loop.TrainerConfig;
import org.backprop.loss.Loss;
import org.backprop.model.TrainedModel;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Regularization;

/**
 * A training run resolved against its data, once, by {@link Training#plan}: everything
 * {@link Training#run(TrainingPlan, java.util.List)} will do, typed and immutable, for a caller
 * (such as the command line) to show before it starts.
 *
 * @param data           all rows (split by the run)
 * @param ownTest        the test set that comes with the data, or {@code null} to cut one from {@code data}
 * @param init           the model whose weights and scaler training starts from (fine-tuning), or {@code null}
 * @param settings       the settings it was resolved from
 * @param split          the rows that train, validate and test (seeded, stratified)
 * @param validationFraction the share of the rows that validates, resolved ({@link Training#validationFraction};
 *                       0 when the split has no validation rows)
 * @param spec           the whole network, output layer included
 * @param parameters     the network's number of trainable values
 * @param loss           the loss, resolved ({@code auto} → the one matching the task and the output layer)
 * @param learningRate   the learning rate, resolved (the optimiser's usual one when the settings leave it NaN)
 * @param trainer        epochs, batch size, early stopping, threads, the learning-rate schedule and the
 *                       diagnostics each epoch records (all of them, unless {@link #recording} says otherwise)
 * @param regularization the weight penalties
 */
public record TrainingPlan(Dataset data, Dataset ownTest, TrainedModel init, TrainingSettings settings, DataSplit split,
                           double validationFraction, NetworkSpec spec, long parameters,
                           Loss loss, double learningRate, TrainerConfig trainer, Regularization regularization) {

    /**
     * The same plan recording only {@code diagnostics} in each epoch's record: what nobody will read
     * (the command line without {@code --json}, {@code --report} or {@code --plots}) need not cost
     * training time. The weights do not depend on it.
     *
     * @param diagnostics the optional figures to record
     * @return the new plan
     */
    public TrainingPlan recording(java.util.Set<TrainerConfig.Diagnostic> diagnostics) {
        return new TrainingPlan(data, ownTest, init, settings, split, validationFraction, spec, parameters, loss,
                learningRate, trainer.withDiagnostics(diagnostics), regularization);
    }
}
