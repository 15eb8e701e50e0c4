package org.backprop.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.backprop.tensor.Tensor;

/**
 * How close predicted values are to the true ones, over all {@code n} predicted numbers:
 *
 * <ul>
 *   <li>{@code MSE = (1/n) Σ (ŷ−y)²}, {@code RMSE = √MSE} (in the target's own units),</li>
 *   <li>{@code MAE = (1/n) Σ |ŷ−y|},</li>
 *   <li>{@code R² = 1 − Σ(ŷ−y)² / Σ(y−ȳ)²}: 1 is perfect, 0 is no better than predicting the mean,
 *       negative is worse; with constant targets ({@code Σ(y−ȳ)² = 0}) it is 1 for a perfect fit and 0 otherwise.</li>
 * </ul>
 * With several outputs, each output column has its own mean {@code ȳ}. Immutable, so it may be read
 * from any thread.
 *
 * @param mse   mean squared error, in squared target units, at least 0
 * @param rmse  root mean squared error, in target units, at least 0
 * @param mae   mean absolute error, in target units, at least 0
 * @param r2    coefficient of determination, at most 1 (may be negative)
 * @param count the number of rows {@code N} (not {@code N·k}), at least 0
 */
public record RegressionMetrics(double mse, double rmse, double mae, double r2, int count) {

    /**
     * Computes every metric.
     *
     * @param predicted {@code [N, k]} predicted values, rows × outputs
     * @param actual    {@code [N, k]} true values, the same shape as {@code predicted}
     * @return the metrics over all {@code N·k} numbers; with {@code N = 0} every error is 0 and R² is 1
     * @throws IllegalArgumentException if the shapes differ or are not of rank 2
     */
    public static RegressionMetrics of(Tensor predicted, Tensor actual) {
        if (!predicted.shape().equals(actual.shape()) || predicted.shape().rank() != 2) {
            throw new IllegalArgumentException("metrics: predicted " + predicted.shape() + " and actual " + actual.shape()
                    + " must be the same [N, k]");
        }
        int n = actual.shape().dim(0);
        int k = actual.shape().cols();
        double[] mean = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                mean[j] += actual.get(i, j);
            }
        }
        for (int j = 0; j < k; j++) {
            mean[j] /= Math.max(1, n);
        }
        double sse = 0;
        double sae = 0;
        double sst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double e = predicted.get(i, j) - actual.get(i, j);
                sse += e * e;
                sae += Math.abs(e);
                double d = actual.get(i, j) - mean[j];
                sst += d * d;
            }
        }
        double count = Math.max(1, (double) n * k);
        double mse = sse / count;
        double r2 = sst == 0 ? (sse == 0 ? 1 : 0) : 1 - sse / sst;
        return new RegressionMetrics(mse, Math.sqrt(mse), sae / count, r2, n);
    }

    /**
     * The metrics as a JSON-ready map: mse, rmse, mae, r2, count.
     *
     * @return a new insertion-ordered map owned by the caller, the four errors as {@code Double} and
     *         {@code count} as {@code Long}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mse", mse);
        m.put("rmse", rmse);
        m.put("mae", mae);
        m.put("r2", r2);
        m.put("count", (long) count);
        return m;
    }

    /**
     * One line: {@code R² 0.9812  RMSE 0.0521  MAE 0.0413  MSE 0.0027  (200 rows)}.
     *
     * @return that line with four decimals in {@link Locale#ROOT}, ending in the platform line separator
     */
    public String format() {
        return String.format(Locale.ROOT, "R² %.4f  RMSE %.4f  MAE %.4f  MSE %.4f  (%d rows)%n", r2, rmse, mae, mse, count);
    }
}
