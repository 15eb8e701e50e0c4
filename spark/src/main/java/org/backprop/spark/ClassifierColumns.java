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

    /**
     * The four parameters, made by each stage for itself ({@link Columns#Columns}).
     *
     * @return this stage's column parameters, the same object on every call
     */
    Columns columns();

    /**
     * This stage.
     *
     * @return {@code this}, typed as the stage, so that the setters can return it
     */
    T self();

    /**
     * The vector feature column; empty for numeric columns by name.
     *
     * @return the parameter {@code featuresCol} (default {@code ""})
     */
    default Param<String> featuresCol() {
        return columns().features;
    }

    /**
     * The predicted class index column ({@code prediction}).
     *
     * @return the parameter {@code predictionCol}: a double column of class indices 0 … C−1
     */
    default Param<String> predictionCol() {
        return columns().prediction;
    }

    /**
     * The class probabilities column ({@code probability}).
     *
     * @return the parameter {@code probabilityCol}: a vector column of C probabilities that sum to 1
     */
    default Param<String> probabilityCol() {
        return columns().probability;
    }

    /**
     * The predicted class name column ({@code predictedLabel}).
     *
     * @return the parameter {@code predictedLabelCol}: a string column of class names
     */
    default Param<String> predictedLabelCol() {
        return columns().predictedLabel;
    }

    /**
     * Sets the vector feature column (empty: the numeric columns by name).
     *
     * @param v the column's name, or {@code ""}
     * @return this stage, changed
     */
    default T setFeaturesCol(String v) {
        set(featuresCol(), v);
        return self();
    }

    /**
     * Sets the predicted class index column.
     *
     * @param v the column's name
     * @return this stage, changed
     */
    default T setPredictionCol(String v) {
        set(predictionCol(), v);
        return self();
    }

    /**
     * Sets the class probabilities column.
     *
     * @param v the column's name
     * @return this stage, changed
     */
    default T setProbabilityCol(String v) {
        set(probabilityCol(), v);
        return self();
    }

    /**
     * Sets the predicted class name column.
     *
     * @param v the column's name
     * @return this stage, changed
     */
    default T setPredictedLabelCol(String v) {
        set(predictedLabelCol(), v);
        return self();
    }

    /** The four column parameters of one stage, with their defaults. */
    final class Columns implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** {@code featuresCol}: the vector feature column, or empty for numeric columns by name. */
        final Param<String> features;
        /** {@code predictionCol}: the output column of the predicted class index. */
        final Param<String> prediction;
        /** {@code probabilityCol}: the output column of the class probabilities. */
        final Param<String> probability;
        /** {@code predictedLabelCol}: the output column of the predicted class name. */
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
