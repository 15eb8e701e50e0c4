package org.backprop.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop.tensor.Tensor;

/**
 * How well predicted class probabilities match the true classes.
 *
 * <ul>
 *   <li>accuracy: the share of rows whose most probable class is the true one;</li>
 *   <li>{@code confusion[t][p]}: how many rows of true class {@code t} were predicted {@code p};</li>
 *   <li>per class {@code c}: precision {@code TP/(TP+FP)} (of the rows predicted {@code c}, how many
 *       are), recall {@code TP/(TP+FN)} (of the rows that are {@code c}, how many were found),
 *       {@code F1 = 2PR/(P+R)}; each is 0 when its denominator is 0;</li>
 *   <li>log-loss {@code −(1/N) Σ log p_i(y_i)}, with {@code p} clipped to {@code [1e−15, 1]} so a
 *       confident mistake costs about 34.5 rather than infinity.</li>
 * </ul>
 *
 * <p>An instance is a finished result: nothing in it changes after {@link #of} returns, so it may be
 * read from any thread. The arrays are the record's own (not copied by the accessors); callers
 * must not modify them.
 *
 * @param classNames the class names in index order ({@code C} of them), an unmodifiable list
 * @param confusion  {@code [C][C]} row counts, rows = true class, columns = predicted class
 * @param accuracy   the share of rows predicted correctly, in {@code [0, 1]} (0 when there are no rows)
 * @param precision  length {@code C}, per class, each in {@code [0, 1]}
 * @param recall     length {@code C}, per class, each in {@code [0, 1]}
 * @param f1         length {@code C}, per class, each in {@code [0, 1]}
 * @param logLoss    the mean negative natural-log probability of the true class, in nats, in
 *                   {@code [0, −ln 1e−15 ≈ 34.5]} (0 when there are no rows)
 * @param count      the number of rows {@code N}, at least 0
 */
public record ClassificationMetrics(List<String> classNames, int[][] confusion, double accuracy, double[] precision,
                                    double[] recall, double[] f1, double logLoss, int count) {

    /** Clip for probabilities in the log-loss. */
    public static final double EPSILON = 1e-15;

    /**
     * Computes every metric.
     *
     * @param actual        the true class index of each row, length {@code N}, each in {@code [0, C)}
     * @param probabilities {@code [N, C]} predicted probabilities (rows sum to 1); the predicted class
     *                      of a row is its first largest entry
     * @param classNames    the {@code C} class names in index order; copied
     * @return the metrics; {@code N = 0} gives accuracy 0, log-loss 0 and an all-zero confusion matrix
     * @throws IllegalArgumentException if {@code probabilities} is not {@code [N, C]} for
     *                                  {@code N = actual.length} and {@code C = classNames.size()}
     * @throws ArrayIndexOutOfBoundsException if a class index in {@code actual} is outside {@code [0, C)}
     */
    public static ClassificationMetrics of(int[] actual, Tensor probabilities, List<String> classNames) {
        int n = actual.length;
        int c = classNames.size();
        if (probabilities.shape().rank() != 2 || probabilities.shape().dim(0) != n || probabilities.shape().cols() != c) {
            throw new IllegalArgumentException("metrics: expected probabilities [" + n + ", " + c + "], got "
                    + probabilities.shape());
        }
        int[] predicted = n == 0 ? new int[0] : probabilities.argmaxRows();
        int[][] confusion = new int[c][c];
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            confusion[actual[i]][predicted[i]]++;
            correct += actual[i] == predicted[i] ? 1 : 0;
            double p = Math.min(1, Math.max(EPSILON, probabilities.get(i, actual[i])));
            logLoss -= Math.log(p);
        }
        double[] precision = new double[c];
        double[] recall = new double[c];
        double[] f1 = new double[c];
        for (int k = 0; k < c; k++) {
            int tp = confusion[k][k];
            int predictedK = 0;
            int actualK = 0;
            for (int j = 0; j < c; j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
            }
            precision[k] = predictedK == 0 ? 0 : tp / (double) predictedK;
            recall[k] = actualK == 0 ? 0 : tp / (double) actualK;
            f1[k] = precision[k] + recall[k] == 0 ? 0 : 2 * precision[k] * recall[k] / (precision[k] + recall[k]);
        }
        return new ClassificationMetrics(List.copyOf(classNames), confusion, n == 0 ? 0 : correct / (double) n, precision,
                recall, f1, n == 0 ? 0 : logLoss / n, n);
    }

    /**
     * The unweighted mean of the per-class F1 scores (macro F1): {@code (1/C) Σ_c F1_c}, each class
     * counting the same whatever its number of rows.
     *
     * @return the macro F1 in {@code [0, 1]}; 0 when there are no classes
     */
    public double macroF1() {
        double s = 0;
        for (double v : f1) {
            s += v;
        }
        return f1.length == 0 ? 0 : s / f1.length;
    }

    /**
     * The metrics as a JSON-ready map: accuracy, logLoss, macroF1, count, perClass, confusion.
     *
     * @return a new insertion-ordered map owned by the caller: {@code accuracy}, {@code logLoss} and
     *         {@code macroF1} as {@code Double}, {@code count} as {@code Long}, {@code perClass} a map from
     *         class name to {@code {precision, recall, f1}}, and {@code confusion} the list of the
     *         {@code C} confusion rows ({@code int[]}, shared with this record)
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("logLoss", logLoss);
        m.put("macroF1", macroF1());
        m.put("count", (long) count);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("precision", precision[k]);
            one.put("recall", recall[k]);
            one.put("f1", f1[k]);
            perClass.put(classNames.get(k), one);
        }
        m.put("perClass", perClass);
        m.put("confusion", List.of(confusion));
        return m;
    }

    /**
     * A text report: accuracy and log-loss, the per-class table, and the confusion matrix.
     *
     * @return several lines, each ending in a line break, with numbers formatted in
     *         {@link Locale#ROOT} (a dot as decimal separator) and class names cut to 10 characters in
     *         the confusion matrix header
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "accuracy %.4f  log-loss %.4f  macro-F1 %.4f  (%d rows)%n", accuracy, logLoss,
                macroF1(), count));
        int w = 5;
        for (String name : classNames) {
            w = Math.max(w, name.length());
        }
        sb.append(String.format(Locale.ROOT, "%-" + w + "s  precision  recall     f1  support%n", "class"));
        for (int k = 0; k < classNames.size(); k++) {
            int support = 0;
            for (int v : confusion[k]) {
                support += v;
            }
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %9.4f  %6.4f  %6.4f  %7d%n", classNames.get(k), precision[k],
                    recall[k], f1[k], support));
        }
        sb.append("confusion matrix (rows: true class, columns: predicted)\n");
        int cw = 4;
        for (int[] row : confusion) {
            for (int v : row) {
                cw = Math.max(cw, Integer.toString(v).length() + 1);
            }
        }
        for (String name : classNames) {
            cw = Math.max(cw, Math.min(name.length(), 10) + 1);
        }
        sb.append(" ".repeat(w));
        for (String name : classNames) {
            sb.append(String.format(Locale.ROOT, "%" + cw + "s", name.length() > 10 ? name.substring(0, 10) : name));
        }
        sb.append('\n');
        for (int k = 0; k < classNames.size(); k++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", classNames.get(k)));
            for (int v : confusion[k]) {
                sb.append(String.format(Locale.ROOT, "%" + cw + "d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
