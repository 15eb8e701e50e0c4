package org.backprop.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.backprop.data.Dataset;
import org.backprop.data.Splits;
import org.backprop.data.Task;
import org.backprop.loop.TrainingListener;
import org.backprop.random.Rng;

/**
 * k-fold cross-validation of training settings: the rows are cut into {@code k} folds
 * ({@link Splits#folds}, stratified for classification, seeded by stream 4 of the seed); each fold
 * in turn is the test set of a whole {@link Training#run} on the other {@code k − 1} folds (which
 * cuts its own validation split from them for early stopping). The result is the test metric per
 * fold — accuracy for classification, R² for regression — with
 *
 * <pre>  mean = (1/k)·Σ mᵢ,   std = √( Σ (mᵢ − mean)² / (k − 1) )   (the sample standard deviation)</pre>
 *
 * <p>It measures the settings, not one model: no model is kept.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /**
     * One fold's run.
     *
     * @param fold      the fold number, 1-based
     * @param trainRows rows trained on (training and validation)
     * @param testRows  rows of the fold, measured
     * @param metric    the test metric on the fold
     * @param result    the whole run
     */
    public record Fold(int fold, int trainRows, int testRows, double metric, TrainingResult result) {
    }

    /**
     * All folds and their summary.
     *
     * @param metricName {@code accuracy} or {@code r2}
     * @param folds      each fold's run, in order
     */
    public record Result(String metricName, List<Fold> folds) {
        /**
         * Copies the list.
         *
         * @param metricName {@code accuracy} or {@code r2}
         * @param folds each fold's run, in order; copied
         */
        public Result {
            folds = List.copyOf(folds);
        }

        /**
         * The mean of the folds' metrics.
         *
         * @return {@code (1/k)·Σ mᵢ}, or NaN without folds
         */
        public double mean() {
            return folds.stream().mapToDouble(Fold::metric).average().orElse(Double.NaN);
        }

        /**
         * The sample standard deviation of the folds' metrics.
         *
         * @return {@code √(Σ (mᵢ − mean)² / (k − 1))} (divided by 1 for a single fold)
         */
        public double std() {
            double m = mean();
            double ss = folds.stream().mapToDouble(f -> (f.metric() - m) * (f.metric() - m)).sum();
            return Math.sqrt(ss / Math.max(1, folds.size() - 1));
        }

        /**
         * The lowest fold metric (both metrics are better higher).
         *
         * @return the smallest fold metric, or NaN without folds
         */
        public double worst() {
            return folds.stream().mapToDouble(Fold::metric).min().orElse(Double.NaN);
        }

        /**
         * {@code accuracy 0.9533 ± 0.0298 over 5 folds (worst 0.9000)}.
         *
         * @return the one-line summary, such as {@code accuracy 0.9533 ± 0.0298 over 5 folds (worst 0.9000)}
         */
        public String headline() {
            return String.format(Locale.ROOT, "%s %.4f ± %.4f over %d folds (worst %.4f)", metricName, mean(), std(),
                    folds.size(), worst());
        }

        /**
         * A JSON-ready map: metric, folds (count), mean, std, worst, and per fold its rows and metric.
         *
         * @return a new insertion-ordered map of JSON-ready values (strings, longs, doubles, lists, maps)
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", metricName);
            m.put("folds", (long) folds.size());
            m.put("mean", mean());
            m.put("std", std());
            m.put("worst", worst());
            List<Object> list = new ArrayList<>();
            for (Fold f : folds) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("fold", (long) f.fold());
                fm.put("trainRows", (long) f.trainRows());
                fm.put("testRows", (long) f.testRows());
                fm.put(metricName, f.metric());
                fm.put("stopReason", f.result().history().stopReason().name().toLowerCase(Locale.ROOT));
                fm.put("keptEpoch", (long) f.result().history().keptEpoch());
                list.add(fm);
            }
            m.put("perFold", list);
            return m;
        }
    }

    /**
     * Runs {@code k}-fold cross-validation of {@code settings} on {@code data}.
     *
     * @param data the whole data set; every row is tested exactly once
     * @param k the number of folds, 2 to {@code data.size()}
     * @param settings the training settings, the same for every fold; its seed also seeds the fold split
     * @param listeners the listeners for fold {@code i} (1-based)
     * @return every fold's run and metric, in fold order
     * @throws IllegalArgumentException for {@code k} out of range, or settings that do not fit the data
     * @throws IllegalStateException    when a fold's training diverges (its message says where)
     */
    public static Result run(Dataset data, int k, TrainingSettings settings, IntFunction<List<TrainingListener>> listeners) {
        int[][] folds = Splits.folds(data, k, new Rng(settings.seed()).fork(4));
        String metricName = data.task() == Task.CLASSIFICATION ? "accuracy" : "r2";
        List<Fold> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            Dataset test = data.subset(folds[f], data.name() + "/fold" + (f + 1));
            Dataset rest = data.subset(Splits.complement(data.size(), folds[f]), data.name() + "/without-fold" + (f + 1));
            TrainingResult r = Training.run(rest, test, settings, listeners.apply(f + 1));
            if (r.diverged()) {
                throw new IllegalStateException("fold " + (f + 1) + ": " + r.history().message());
            }
            double metric = data.task() == Task.CLASSIFICATION ? r.test().classification().accuracy()
                    : r.test().regression().r2();
            out.add(new Fold(f + 1, rest.size(), test.size(), metric, r));
        }
        return new Result(metricName, out);
    }
}
