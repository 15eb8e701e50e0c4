/**
 * Metrics that say how good a model is on data it did not train on.
 *
 * <p>Classification ({@link org.backprop.metrics.ClassificationMetrics}): accuracy, the confusion
 * matrix, per-class precision {@code TP/(TP+FP)}, recall {@code TP/(TP+FN)} and
 * {@code F1 = 2PR/(P+R)}, and the log-loss {@code −(1/N) Σ log p(true class)}.
 * Regression ({@link org.backprop.metrics.RegressionMetrics}): MSE, RMSE, MAE and
 * {@code R² = 1 − SS_res/SS_tot}.
 */
package org.backprop.metrics;
