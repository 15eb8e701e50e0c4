package org.backprop.data;

import java.util.Arrays;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * A per-feature affine rescaling {@code x' = (x − offset) / scale}, fitted on the training split
 * only (so nothing about the validation or test rows leaks into training) and saved in the model,
 * so that prediction applies exactly the same transform.
 *
 * <ul>
 *   <li>{@link Scaling#STANDARD}: offset = mean, scale = standard deviation (population form).</li>
 *   <li>{@link Scaling#MIN_MAX}: offset = min, scale = max − min.</li>
 *   <li>{@link Scaling#GLOBAL}: offset = the mean of all values, scale = their standard deviation, the
 *       same for every feature.</li>
 *   <li>{@link Scaling#AUTO}: {@code GLOBAL} or {@code STANDARD} as {@link #sharesOneScale} finds;
 *       the fitted scaler's {@code kind} is the one chosen.</li>
 *   <li>{@link Scaling#NONE}: offset 0, scale 1.</li>
 *   <li>{@link Scaling#AFFINE}: given, not fitted (an imported model's own preprocessing).</li>
 * </ul>
 * A feature that is constant on the training rows gets scale 1, so it never divides by zero.
 *
 * <p>Immutable: the arrays are copied in and out, so one scaler may transform rows from any number
 * of threads at once.
 *
 * @param kind   which rescaling; never {@link Scaling#AUTO} once fitted (the choice made is stored)
 * @param offset per feature, subtracted first (finite), in the feature's own units
 * @param scale  per feature, divided by next (non-zero, finite), in the feature's own units
 */
public record FeatureScaler(Scaling kind, double[] offset, double[] scale) {

    /**
     * Validates lengths and scales, and copies the arrays.
     *
     * @param kind   which rescaling this is
     * @param offset per feature, finite; copied
     * @param scale  per feature, finite and non-zero, as many as {@code offset}; copied
     * @throws IllegalArgumentException if the lengths differ, or an offset or scale is not finite, or
     *                                  a scale is 0 (the message names the feature)
     */
    public FeatureScaler {
        if (offset.length != scale.length) {
            throw new IllegalArgumentException("scaler: " + offset.length + " offsets but " + scale.length + " scales");
        }
        for (int j = 0; j < scale.length; j++) {
            if (!(Double.isFinite(scale[j]) && scale[j] != 0 && Double.isFinite(offset[j]))) {
                throw new IllegalArgumentException("scaler: feature " + j + " has offset " + offset[j] + " and scale "
                        + scale[j] + "; expected finite numbers and a non-zero scale");
            }
        }
        offset = offset.clone();
        scale = scale.clone();
    }

    /**
     * Fits {@code kind} on {@code features [N, F]} (the training rows); {@code AUTO} is resolved here.
     *
     * @param kind     the rescaling to fit; {@link Scaling#NONE} gives offset 0 and scale 1
     * @param features the training rows, float32 {@code [N, F]}, rows × features; only read
     * @return a new scaler for {@code F} features whose {@link #kind()} is {@code kind}, or for
     *         {@code AUTO} the kind chosen
     * @throws IllegalArgumentException if {@code kind} is {@link Scaling#AFFINE}, which is not fitted
     * @throws IllegalStateException if {@code features} is not float32
     */
    public static FeatureScaler fit(Scaling kind, Tensor features) {
        requireFittable(kind);
        int n = features.shape().dim(0);
        int f = features.shape().cols();
        float[] x = features.floatData();
        double[] offset = new double[f];
        double[] scale = new double[f];
        Arrays.fill(scale, 1);
        if (kind == Scaling.AUTO) {
            kind = sharesOneScale(features) ? Scaling.GLOBAL : Scaling.STANDARD;
        }
        if (kind == Scaling.GLOBAL && n > 0) {
            double sum = 0;
            for (float v : x) {
                sum += v;
            }
            double mean = sum / x.length;
            double ss = 0;
            for (float v : x) {
                ss += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(ss / x.length);
            Arrays.fill(offset, mean);
            Arrays.fill(scale, scaleOf(sd));
        } else if (kind == Scaling.STANDARD && n > 0) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < f; j++) {
                    offset[j] += x[i * f + j];
                }
            }
            for (int j = 0; j < f; j++) {
                offset[j] /= n;
            }
            double[] var = new double[f];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < f; j++) {
                    double d = x[i * f + j] - offset[j];
                    var[j] += d * d;
                }
            }
            for (int j = 0; j < f; j++) {
                scale[j] = scaleOf(Math.sqrt(var[j] / n));
            }
        } else if (kind == Scaling.MIN_MAX && n > 0) {
            double[] max = new double[f];
            Arrays.fill(offset, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < f; j++) {
                    offset[j] = Math.min(offset[j], x[i * f + j]);
                    max[j] = Math.max(max[j], x[i * f + j]);
                }
            }
            for (int j = 0; j < f; j++) {
                scale[j] = scaleOf(max[j] - offset[j]);
            }
        }
        return new FeatureScaler(kind, offset, scale);
    }

    /**
     * Per-feature statistics of training rows gathered elsewhere, for example merged from the
     * partitions of data that no single machine holds.
     *
     * @param rows the number of rows {@code N}
     * @param mean per feature, {@code Σx/N}
     * @param sd   per feature, the population standard deviation {@code √(Σ(x−mean)²/N)}
     * @param min  per feature, the smallest value
     * @param max  per feature, the largest value
     */
    public record Statistics(long rows, double[] mean, double[] sd, double[] min, double[] max) {
        /**
         * Checks that every array has one entry per feature. The arrays are kept, not copied.
         *
         * @param rows the number of rows {@code N} the statistics were taken over, at least 0
         * @param mean per feature, {@code Σx/N}
         * @param sd   per feature, the population standard deviation, as many as {@code mean}
         * @param min  per feature, the smallest value, as many as {@code mean}
         * @param max  per feature, the largest value, as many as {@code mean}
         * @throws IllegalArgumentException if the array lengths differ
         */
        public Statistics {
            int f = mean.length;
            if (sd.length != f || min.length != f || max.length != f) {
                throw new IllegalArgumentException("scaler statistics: " + f + " means, " + sd.length + " deviations, "
                        + min.length + " minima and " + max.length + " maxima; expected one of each per feature");
            }
        }
    }

    /**
     * The scaler {@link #fit} makes, from statistics gathered elsewhere instead of from the rows:
     * {@code STANDARD} offset = mean, scale = sd; {@code MIN_MAX} offset = min, scale = max − min;
     * {@code GLOBAL} the pooled mean {@code m = (1/F) Σ_j mean_j} and standard deviation
     * {@code √((1/F) Σ_j (sd_j² + (mean_j − m)²))} of all values (every column has {@code N} rows);
     * {@code AUTO} chooses by {@link #sharesOneScale} from the minima and maxima. A spread of at
     * most 1e-12 divides by 1, as in {@link #fit}. Equal to {@link #fit} on the same rows within
     * the rounding of how the statistics were summed.
     *
     * @param kind  the rescaling to build; {@link Scaling#NONE}, or no rows at all, gives offset 0
     *              and scale 1
     * @param stats the per-feature statistics of the training rows; only read
     * @return a new scaler for as many features as {@code stats} has, whose {@link #kind()} is
     *         {@code kind}, or for {@code AUTO} the kind chosen
     * @throws IllegalArgumentException if {@code kind} is {@link Scaling#AFFINE}, or a statistic
     *                                  gives a non-finite offset or scale
     */
    public static FeatureScaler fromStatistics(Scaling kind, Statistics stats) {
        requireFittable(kind);
        int f = stats.mean().length;
        if (kind == Scaling.AUTO) {
            kind = sharesOneScale(stats.min(), stats.max()) ? Scaling.GLOBAL : Scaling.STANDARD;
        }
        double[] offset = new double[f];
        double[] scale = new double[f];
        Arrays.fill(scale, 1);
        if (stats.rows() == 0 || kind == Scaling.NONE) {
            return new FeatureScaler(kind, offset, scale);
        }
        if (kind == Scaling.GLOBAL && f > 0) {
            double mean = Arrays.stream(stats.mean()).sum() / f;
            double variance = 0;
            for (int j = 0; j < f; j++) {
                double d = stats.mean()[j] - mean;
                variance += stats.sd()[j] * stats.sd()[j] + d * d;
            }
            Arrays.fill(offset, mean);
            Arrays.fill(scale, scaleOf(Math.sqrt(variance / f)));
        }
        for (int j = 0; j < f && kind != Scaling.GLOBAL; j++) {
            offset[j] = kind == Scaling.STANDARD ? stats.mean()[j] : stats.min()[j];
            scale[j] = scaleOf(kind == Scaling.STANDARD ? stats.sd()[j] : stats.max()[j] - stats.min()[j]);
        }
        return new FeatureScaler(kind, offset, scale);
    }

    private static void requireFittable(Scaling kind) {
        if (kind == Scaling.AFFINE) {
            throw new IllegalArgumentException("affine scaling is not fitted: it comes with a model (such as an imported "
                    + "one); choose none, standard or minmax");
        }
    }

    /** A spread as a divisor: itself, or 1 for a (nearly) constant feature, spread at most 1e-12. */
    private static double scaleOf(double spread) {
        return spread > 1e-12 ? spread : 1;
    }

    /**
     * Whether the columns of {@code features [N, F]} are measured on one scale: with {@code lo} and
     * {@code hi} the smallest and largest value of all, at least half of the columns have
     * {@code max − min ≥ (hi − lo) / 2}. True for images (most pixels span most of 0…255) and a
     * single column; false for a table of different units (a few wide columns set the range).
     *
     * @param features float32 {@code [N, F]}, rows × features; only read
     * @return whether at least half of the columns are wide; false when every value is the same
     * @throws IllegalStateException if {@code features} is not float32
     */
    public static boolean sharesOneScale(Tensor features) {
        int n = features.shape().dim(0);
        int f = features.shape().cols();
        if (n == 0) {
            return false;
        }
        float[] x = features.floatData();
        double[] min = new double[f];
        double[] max = new double[f];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                min[j] = Math.min(min[j], x[i * f + j]);
                max[j] = Math.max(max[j], x[i * f + j]);
            }
        }
        return sharesOneScale(min, max);
    }

    /** The rule of {@link #sharesOneScale(Tensor)} on the columns' minima and maxima. */
    private static boolean sharesOneScale(double[] min, double[] max) {
        int f = min.length;
        double lo = Arrays.stream(min).min().orElse(0);
        double hi = Arrays.stream(max).max().orElse(0);
        int wide = 0;
        for (int j = 0; j < f; j++) {
            wide += max[j] - min[j] >= (hi - lo) / 2 ? 1 : 0;
        }
        return hi > lo && 2 * wide >= f;
    }

    /**
     * The identity scaler for {@code features} columns.
     *
     * @param features the number of feature columns, at least 0
     * @return a {@link Scaling#NONE} scaler with offset 0 and scale 1 for each column
     */
    public static FeatureScaler none(int features) {
        double[] one = new double[features];
        Arrays.fill(one, 1);
        return new FeatureScaler(Scaling.NONE, new double[features], one);
    }

    /**
     * The number of features it was fitted on.
     *
     * @return {@code F}, the length of {@link #offset()} and {@link #scale()}
     */
    public int features() {
        return offset.length;
    }

    /**
     * The per-feature offsets, subtracted first.
     *
     * @return a new copy of the {@code F} offsets, which the caller may change
     */
    @Override
    public double[] offset() {
        return offset.clone();
    }

    /**
     * The per-feature scales, divided by after the offset is subtracted.
     *
     * @return a new copy of the {@code F} scales (each finite and non-zero), which the caller may change
     */
    @Override
    public double[] scale() {
        return scale.clone();
    }

    /**
     * Scales one raw row {@code x[from … from+F)} into {@code out[to … to+F)}:
     * {@code (x − offset) / scale} per feature, rounded to float — the one formula every transform
     * uses. Allocates nothing.
     *
     * @param x    the raw values; {@code F = features()} of them are read from index {@code from}
     * @param from the index in {@code x} of the row's first feature
     * @param out  receives the {@code F} scaled values from index {@code to}; may be {@code x} itself
     *             (with {@code to == from} the row is scaled in place)
     * @param to   the index in {@code out} of the first scaled value
     * @throws ArrayIndexOutOfBoundsException if either array is too short for {@code F} values there
     */
    public void transformRow(float[] x, int from, float[] out, int to) {
        for (int j = 0; j < offset.length; j++) {
            out[to + j] = (float) ((x[from + j] - offset[j]) / scale[j]);
        }
    }

    /**
     * Rescales {@code features [N, F]} into a new float32 tensor.
     *
     * @param features the raw rows, {@code [N, F]} rows × features, of either dtype; only read
     * @return a new float32 {@code [N, F]} tensor owned by the caller
     * @throws IllegalArgumentException if the number of columns is not {@link #features()}
     */
    public Tensor transform(Tensor features) {
        int n = features.shape().dim(0);
        int f = features.shape().cols();
        if (f != offset.length) {
            throw new IllegalArgumentException("scaler fitted on " + offset.length + " features got data with " + f);
        }
        float[] x = features.to(org.backprop.tensor.DType.FLOAT32).floatData();
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            transformRow(x, i * f, out, i * f);
        }
        return Tensor.wrap(out, Shape.of(n, f));
    }

    /**
     * The dataset with rescaled features.
     *
     * @param data the dataset whose features to rescale; unchanged
     * @return a new dataset with the rescaled features and {@code data}'s targets and names
     * @throws IllegalArgumentException if the dataset's feature count is not {@link #features()}
     */
    public Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler && ((FeatureScaler) o).kind == kind
                && Arrays.equals(((FeatureScaler) o).offset, offset) && Arrays.equals(((FeatureScaler) o).scale, scale);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(offset) * 17 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FeatureScaler(" + kind.label() + ", " + offset.length + " features)";
    }
}
