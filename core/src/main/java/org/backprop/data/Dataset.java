package org.backprop.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.backprop.tensor.Bytes;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * A table of examples: features {@code [N, F]} in float32 and, for each row, a target — a class
 * index (classification) or {@code k} values (regression). It also knows the feature names, the
 * target's name and, for classification, the class names in index order (the label mapping).
 *
 * <p>Datasets are immutable: {@link #subset} and {@link #withFeatures} make new ones.
 */
public final class Dataset {
    private final String name;
    private final Task task;
    private final Tensor features;
    private final int[] labels;
    private final Tensor values;
    private final List<String> featureNames;
    private final String targetName;
    private final List<String> classNames;

    private Dataset(String name, Task task, Tensor features, int[] labels, Tensor values,
                    List<String> featureNames, String targetName, List<String> classNames) {
        if (features.shape().rank() != 2 || features.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("dataset '" + name + "': features must be float32 [N, F], got "
                    + features.dtype() + " " + features.shape());
        }
        if (featureNames.size() != features.shape().cols()) {
            throw new IllegalArgumentException("dataset '" + name + "': " + featureNames.size() + " feature names for "
                    + features.shape().cols() + " feature columns");
        }
        this.name = name;
        this.task = task;
        this.features = features;
        this.labels = labels;
        this.values = values;
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * A classification dataset.
     *
     * @param features   {@code [N, F]} float32
     * @param labels     {@code N} class indices in {@code [0, classNames.size())}
     * @param classNames the class names in index order
     * @throws IllegalArgumentException if sizes disagree or a label is out of range
     */
    public static Dataset classification(String name, Tensor features, int[] labels, List<String> featureNames,
                                         String targetName, List<String> classNames) {
        int n = features.shape().dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels for " + n + " rows");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "': no classes");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("dataset '" + name + "': row " + i + " has label " + labels[i]
                        + ", expected 0 … " + (classNames.size() - 1));
            }
        }
        return new Dataset(name, Task.CLASSIFICATION, features, labels.clone(), null, featureNames, targetName, classNames);
    }

    /**
     * A regression dataset.
     *
     * @param features {@code [N, F]} float32
     * @param values   {@code [N, k]} targets (converted to float32)
     */
    public static Dataset regression(String name, Tensor features, Tensor values, List<String> featureNames,
                                     String targetName) {
        if (values.shape().rank() != 2 || values.shape().dim(0) != features.shape().dim(0)) {
            throw new IllegalArgumentException("dataset '" + name + "': targets must be [" + features.shape().dim(0)
                    + ", k], got " + values.shape());
        }
        return new Dataset(name, Task.REGRESSION, features, null, values.to(DType.FLOAT32), featureNames, targetName,
                List.of());
    }

    /** The dataset's name, such as {@code iris} or a file name. */
    public String name() {
        return name;
    }

    /** Classification or regression. */
    public Task task() {
        return task;
    }

    /** The number of rows {@code N}. */
    public int size() {
        return features.shape().dim(0);
    }

    /** The number of features {@code F}. */
    public int featureCount() {
        return features.shape().cols();
    }

    /** The network's output width: the number of classes, or of target values. */
    public int outputCount() {
        return task == Task.CLASSIFICATION ? classNames.size() : values.shape().cols();
    }

    /** The features {@code [N, F]} (shared, do not modify). */
    public Tensor features() {
        return features;
    }

    /** The class index of every row (a copy); only for classification. */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /** The class index of row {@code i}; only for classification. */
    public int label(int i) {
        requireClassification("label");
        return labels[i];
    }

    /** The regression targets {@code [N, k]} (shared, do not modify); only for regression. */
    public Tensor values() {
        if (task != Task.REGRESSION) {
            throw new IllegalStateException("dataset '" + name + "' is for classification: it has labels, not values");
        }
        return values;
    }

    /**
     * The targets as the losses take them: class indices {@code [N]} (as float32 numbers) for
     * classification, values {@code [N, k]} for regression.
     */
    public Tensor targets() {
        if (task == Task.REGRESSION) {
            return values;
        }
        float[] t = new float[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i];
        }
        return Tensor.wrap(t, Shape.of(t.length));
    }

    /** The feature names in column order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The name of the target (label) column. */
    public String targetName() {
        return targetName;
    }

    /** The class names in index order (the label mapping); empty for regression. */
    public List<String> classNames() {
        return classNames;
    }

    /** How many rows of each class; only for classification. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The rows {@code rows} (in that order) as a new dataset called {@code newName}. */
    public Dataset subset(int[] rows, String newName) {
        int f = featureCount();
        float[] src = features.floatData();
        float[] x = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * f, x, i * f, f);
        }
        Tensor xs = Tensor.wrap(x, Shape.of(rows.length, f));
        if (task == Task.CLASSIFICATION) {
            int[] l = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                l[i] = labels[rows[i]];
            }
            return new Dataset(newName, task, xs, l, null, featureNames, targetName, classNames);
        }
        int k = values.shape().cols();
        float[] v = values.floatData();
        float[] y = new float[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(v, rows[i] * k, y, i * k, k);
        }
        return new Dataset(newName, task, xs, null, Tensor.wrap(y, Shape.of(rows.length, k)), featureNames, targetName,
                classNames);
    }

    /** The same targets and names with other features of the same shape (such as scaled ones). */
    public Dataset withFeatures(Tensor newFeatures) {
        if (!newFeatures.shape().equals(features.shape())) {
            throw new IllegalArgumentException("dataset '" + name + "': new features " + newFeatures.shape()
                    + " must have the shape " + features.shape());
        }
        return new Dataset(name, task, newFeatures, labels, values, featureNames, targetName, classNames);
    }

    /**
     * A SHA-256 (hex) of the content: feature names, target name, class names, features and targets
     * as little-endian float32/int32. Equal datasets give equal fingerprints; it goes into a model's
     * provenance.
     */
    public String fingerprint() {
        MessageDigest md = Bytes.sha256();
        List<String> header = new ArrayList<>(featureNames);
        header.add("|" + targetName + "|");
        header.addAll(classNames);
        md.update(String.join("\u0000", header).getBytes(StandardCharsets.UTF_8));
        md.update(Bytes.littleEndian(features.floatData()));
        md.update(task == Task.CLASSIFICATION ? Bytes.littleEndian(labels) : Bytes.littleEndian(values.floatData()));
        return HexFormat.of().formatHex(md.digest());
    }

    private void requireClassification(String what) {
        if (task != Task.CLASSIFICATION) {
            throw new IllegalStateException("dataset '" + name + "' is for regression: " + what + " needs classes");
        }
    }

    /** A one-line summary: {@code iris: 150 rows, 4 features, 3 classes}. */
    @Override
    public String toString() {
        return name + ": " + size() + " rows, " + featureCount() + " features, "
                + (task == Task.CLASSIFICATION ? classNames.size() + " classes" : outputCount() + " target value"
                + (outputCount() == 1 ? "" : "s"));
    }
}
