package org.backprop.model;

import java.util.Locale;
import java.util.Map;
import org.backprop.data.Dataset;
import org.backprop.data.Task;
import org.backprop.metrics.ClassificationMetrics;
import org.backprop.metrics.RegressionMetrics;

/**
 * A model's metrics on one dataset: classification or regression metrics, as the task is.
 *
 * @param task           the task
 * @param classification the metrics for classification, or {@code null}
 * @param regression     the metrics for regression, or {@code null}
 */
public record Evaluation(Task task, ClassificationMetrics classification, RegressionMetrics regression) {

    /**
     * Evaluates {@code model} on the raw rows of {@code data}.
     *
     * @param model the trained model
     * @param data labelled rows of the model's task with the model's feature count, as read (the model
     *         applies its own scaling)
     * @return the metrics on every row of {@code data}
     * @throws IllegalArgumentException if the task or the number of features differs from the model's
     */
    public static Evaluation of(TrainedModel model, Dataset data) {
        if (data.task() != model.task()) {
            throw new IllegalArgumentException("the model does " + model.task().label() + " but the data '" + data.name()
                    + "' is for " + data.task().label());
        }
        if (data.featureCount() != model.network().inputs()) {
            throw new IllegalArgumentException("the model takes " + model.network().inputs() + " features but the data '"
                    + data.name() + "' has " + data.featureCount());
        }
        if (model.task() == Task.CLASSIFICATION) {
            return new Evaluation(Task.CLASSIFICATION, ClassificationMetrics.of(data.labels(),
                    model.predict(data.features()), model.classNames()), null);
        }
        return new Evaluation(Task.REGRESSION, null, RegressionMetrics.of(model.predict(data.features()), data.values()));
    }

    /**
     * The metrics as a JSON-ready map.
     *
     * @return the classification or regression metrics' own JSON-ready map
     */
    public Map<String, Object> toMap() {
        return task == Task.CLASSIFICATION ? classification.toMap() : regression.toMap();
    }

    /**
     * One line with the main numbers: {@code accuracy 0.9750  log-loss 0.0812}, or
     * {@code R² 0.9800  RMSE 0.0500  MAE 0.0400}.
     *
     * @return the headline text, without a line break
     */
    public String headline() {
        return task == Task.CLASSIFICATION
                ? String.format(Locale.ROOT, "accuracy %.4f  log-loss %.4f", classification.accuracy(), classification.logLoss())
                : String.format(Locale.ROOT, "R² %.4f  RMSE %.4f  MAE %.4f", regression.r2(), regression.rmse(), regression.mae());
    }

    /**
     * The full text report.
     *
     * @return the multi-line report of the task's metrics
     */
    public String format() {
        return task == Task.CLASSIFICATION ? classification.format() : regression.format();
    }
}
