package org.backprop.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Task;
import org.backprop.io.ModelFile;
import org.backprop.metrics.ClassificationMetrics;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.model.TrainedModel;

/**
 * A model measured on data that stays distributed: each partition sends back a few sums, never
 * its rows.
 *
 * <ul>
 *   <li>classification: accuracy = correct / N, log-loss = −Σ log max(p_y, ε) / N (ε as in
 *       {@link ClassificationMetrics#EPSILON});</li>
 *   <li>regression (first output): MSE = Σ(ŷ−y)²/N, RMSE = √MSE, MAE = Σ|ŷ−y|/N,
 *       R² = 1 − Σ(ŷ−y)² / Σ(y−ȳ)².</li>
 * </ul>
 *
 * @param task     the task
 * @param rows     N
 * @param accuracy the share of rows whose most probable class is the label, in [0, 1] (classification; else NaN)
 * @param logLoss  the mean negative log-probability of the label, 0 or more (classification; else NaN)
 * @param mse      mean squared error (regression; else NaN)
 * @param mae      mean absolute error (regression; else NaN)
 * @param r2       the coefficient of determination, 1 at best, negative when worse than the mean
 *                 (regression; else NaN; NaN or infinite too when every label is the same)
 */
public record SparkEvaluation(Task task, long rows, double accuracy, double logLoss, double mse, double mae, double r2) {

    /**
     * Measures {@code model} on {@code data} (read with the model's schema and scaler, see {@link SparkData#withModel}).
     * One Spark job: the model is broadcast as its model-file JSON, each partition returns its sums.
     *
     * @param model the model; not changed
     * @param data  the data, already scaled with the model's scaler; its cache is kept
     * @return the measures over every row of {@code data}
     */
    public static SparkEvaluation of(TrainedModel model, SparkData data) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.shards().context());
        Broadcast<String> json = jsc.broadcast(ModelFile.toJson(model));
        try {
            List<Sums> parts = data.shards().map(shard -> Sums.of(ModelFile.fromJson(json.value(), "broadcast model"),
                    shard)).collect();
            Sums total = new Sums();
            for (Sums s : parts) {
                total.add(s);
            }
            long n = total.rows;
            if (model.task() == Task.CLASSIFICATION) {
                return new SparkEvaluation(model.task(), n, total.correct / (double) n, total.logLoss / n, Double.NaN,
                        Double.NaN, Double.NaN);
            }
            double mean = total.y / n;
            double sst = total.yy - n * mean * mean;
            return new SparkEvaluation(model.task(), n, Double.NaN, Double.NaN, total.sse / n, total.sae / n,
                    1 - total.sse / sst);
        } finally {
            json.destroy();
        }
    }

    /**
     * One line, for people.
     *
     * @return {@code accuracy 0.9750  log-loss 0.0812  (359 rows)} or
     *         {@code R² 0.9800  RMSE 0.0700  MAE 0.0500  (200 rows)}: four decimals, no line end
     */
    public String headline() {
        return task == Task.CLASSIFICATION
                ? String.format(Locale.ROOT, "accuracy %.4f  log-loss %.4f  (%d rows)", accuracy, logLoss, rows)
                : String.format(Locale.ROOT, "R² %.4f  RMSE %.4f  MAE %.4f  (%d rows)", r2, Math.sqrt(mse), mae, rows);
    }

    /**
     * A JSON-ready map.
     *
     * @return a new, insertion-ordered map: {@code rows} then {@code accuracy}, {@code logLoss} for
     *         classification, or {@code r2}, {@code rmse}, {@code mae} for regression
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        if (task == Task.CLASSIFICATION) {
            m.put("accuracy", accuracy);
            m.put("logLoss", logLoss);
        } else {
            m.put("r2", r2);
            m.put("rmse", Math.sqrt(mse));
            m.put("mae", mae);
        }
        return m;
    }

    /** One partition's sums. */
    private static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        long rows;
        long correct;
        double logLoss;
        double sse;
        double sae;
        double y;
        double yy;

        static Sums of(TrainedModel model, Shard shard) {
            Sums s = new Sums();
            if (shard.rows() == 0) {
                return s;
            }
            // The shard is scaled already: predict through an identity scaler.
            TrainedModel scaled = new TrainedModel(model.network(), model.task(), FeatureScaler.none(shard.features()),
                    model.featureNames(), model.targetName(), model.classNames(), model.lossName(), model.provenance());
            Tensor out = scaled.predict(Tensor.wrap(shard.x(), Shape.of(shard.rows(), shard.features())));
            int k = out.shape().dim(1);
            s.rows = shard.rows();
            for (int i = 0; i < shard.rows(); i++) {
                if (model.task() == Task.CLASSIFICATION) {
                    int label = (int) shard.y()[i];
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        best = out.get(i * k + c) > out.get(i * k + best) ? c : best;
                    }
                    s.correct += best == label ? 1 : 0;
                    s.logLoss -= Math.log(Math.max(out.get(i * k + label), ClassificationMetrics.EPSILON));
                } else {
                    double yi = shard.y()[i * k];
                    double d = out.get(i * k) - yi;
                    s.sse += d * d;
                    s.sae += Math.abs(d);
                    s.y += yi;
                    s.yy += yi * yi;
                }
            }
            return s;
        }

        void add(Sums o) {
            rows += o.rows;
            correct += o.correct;
            logLoss += o.logLoss;
            sse += o.sse;
            sae += o.sae;
            y += o.y;
            yy += o.yy;
        }
    }
}
