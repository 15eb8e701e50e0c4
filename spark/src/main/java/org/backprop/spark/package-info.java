/**
 * Backprop on Apache Spark: synchronous data-parallel training of the same networks, optimisers and
 * model files as the single-JVM trainer, on data that Spark holds.
 *
 * <p>{@link org.backprop.spark.SparkData} reads a {@code DataFrame} once into cached partitions of
 * float arrays and fits the label mapping and scaler in one pass; {@link org.backprop.spark.SparkTrainer}
 * runs the steps — every partition computes its share of the global mini-batch's gradient,
 * <pre>
 * g = Σ_p Σ_{i ∈ batch ∩ p} ∂ℓ_i/∂w / B        (B = the global batch size)
 * </pre>
 * the driver sums the shares, applies the {@code Optimizer} and broadcasts the new weights.
 * {@link org.backprop.spark.BackpropClassifier} and {@link org.backprop.spark.BackpropClassificationModel}
 * are the Spark ML {@code Estimator}/{@code Model} pair; {@link org.backprop.spark.SparkEvaluation}
 * measures a model without collecting the rows.
 */
package org.backprop.spark;
