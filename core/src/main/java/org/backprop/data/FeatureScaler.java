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
 *   <li>{@link Scaling#NONE}: offset 0, scale 1.</li>
 *   <li>{@link Scaling#AFFINE}: given, not fitted (an imported model's own preprocessing).</li>
 * </ul>
 * A feature that is constant on the training rows gets scale 1, so it never divides by zero.
 *
 * @param kind   which rescaling
 * @param offset per feature, subtracted first
 * @param scale  per feature, divided by next (non-zero, finite)
 */
public record FeatureScaler(Scaling kind, double[] offset, double[] scale) {

    /** Validates lengths and scales, and copies the arrays. */
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

    /** Fits {@code kind} on {@code features [N, F]} (the training rows). */
    public static FeatureScaler fit(Scaling kind, Tensor features) {
        if (kind == Scaling.AFFINE) {
            throw new IllegalArgumentException("affine scaling is not fitted: it comes with a model (such as an imported "
                    + "one); choose none, standard or minmax");
        }
        int n = features.shape().dim(0);
        int f = features.shape().cols();
        float[] x = features.floatData();
        double[] offset = new double[f];
        double[] scale = new double[f];
        Arrays.fill(scale, 1);
        if (kind == Scaling.STANDARD && n > 0) {
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
                double sd = Math.sqrt(var[j] / n);
                scale[j] = sd > 1e-12 ? sd : 1;
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
                double range = max[j] - offset[j];
                scale[j] = range > 1e-12 ? range : 1;
            }
        }
        return new FeatureScaler(kind, offset, scale);
    }

    /** The identity scaler for {@code features} columns. */
    public static FeatureScaler none(int features) {
        double[] one = new double[features];
        Arrays.fill(one, 1);
        return new FeatureScaler(Scaling.NONE, new double[features], one);
    }

    /** The number of features it was fitted on. */
    public int features() {
        return offset.length;
    }

    @Override
    public double[] offset() {
        return offset.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /**
     * Scales one raw row {@code x[from … from+F)} into {@code out[to … to+F)}:
     * {@code (x − offset) / scale} per feature, rounded to float — the one formula every transform
     * uses. Allocates nothing.
     */
    public void transformRow(float[] x, int from, float[] out, int to) {
        for (int j = 0; j < offset.length; j++) {
            out[to + j] = (float) ((x[from + j] - offset[j]) / scale[j]);
        }
    }

    /**
     * Rescales {@code features [N, F]} into a new float32 tensor.
     *
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

    /** The dataset with rescaled features. */
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
