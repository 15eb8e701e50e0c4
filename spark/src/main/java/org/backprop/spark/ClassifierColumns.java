package org.backprop.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The columns that {@link BackpropClassifier} and {@link BackpropClassificationModel} share — the
 * feature vector read and the three columns written — declared once, with their setters (Spark ML's
 * {@code HasFeaturesCol}, {@code HasPredictionCol}, … in one Java interface).
 *
 * @param <T> the stage itself, which the setters return
 */
public interface ClassifierColumns<T extends ClassifierColumns<T>> extends Params {

    /** The four parameters, made by each stage for itself ({@link Columns#Columns}). */
    Columns columns();

    /** This stage. */
    T self();

    /** The vector feature column; empty for numeric columns by name. */
    default Param<String> featuresCol() {
        return columns().features;
    }

    /** The predicted class index column ({@code prediction}). */
    default Param<String> predictionCol() {
        return columns().prediction;
    }

    /** The class probabilities column ({@code probability}). */
    default Param<String> probabilityCol() {
        return columns().probability;
    }

    /** The predicted class name column ({@code predictedLabel}). */
    default Param<String> predictedLabelCol() {
        return columns().predictedLabel;
    }

    /** Sets the vector feature column (empty: the numeric columns by name). */
    default T setFeaturesCol(String v) {
        set(featuresCol(), v);
        return self();
    }

    /** Sets the predicted class index column. */
    default T setPredictionCol(String v) {
        set(predictionCol(), v);
        return self();
    }

    /** Sets the class probabilities column. */
    default T setProbabilityCol(String v) {
        set(probabilityCol(), v);
        return self();
    }

    /** Sets the predicted class name column. */
    default T setPredictedLabelCol(String v) {
        set(predictedLabelCol(), v);
        return self();
    }

    /** The four column parameters of one stage, with their defaults. */
    final class Columns implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Param<String> features;
        final Param<String> prediction;
        final Param<String> probability;
        final Param<String> predictedLabel;

        /**
         * The parameters of {@code owner}, set to their defaults.
         *
         * @param featuresDoc what an empty feature column means for this stage
         */
        Columns(ClassifierColumns<?> owner, String featuresDoc) {
            features = new Param<>(owner, "featuresCol", "a vector column holding the features, or empty for " + featuresDoc);
            prediction = new Param<>(owner, "predictionCol", "the output column of the predicted class index");
            probability = new Param<>(owner, "probabilityCol", "the output column of the class probabilities");
            predictedLabel = new Param<>(owner, "predictedLabelCol", "the output column of the predicted class name");
            owner.setDefault(features, "");
            owner.setDefault(prediction, "prediction");
            owner.setDefault(probability, "probability");
            owner.setDefault(predictedLabel, "predictedLabel");
        }
    }
}
