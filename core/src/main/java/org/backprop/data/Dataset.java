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
 * <p>Datasets are immutable: {@link #subset} and {@link #withFeatures} make new ones. The feature
 * tensor given to a factory is kept, not copied, and {@link #features()} and {@link #values()}
 * return the dataset's own tensors: nobody may change them afterwards. Kept so, a dataset may be
 * read from any number of threads at once.
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
     * @param name         the dataset's name for messages and provenance, such as {@code iris} or a file name
     * @param features     {@code [N, F]} float32, rows × features; kept, not copied
     * @param labels       {@code N} class indices in {@code [0, classNames.size())}; copied
     * @param featureNames the {@code F} feature names in column order; copied
     * @param targetName   the name of the label column
     * @param classNames   the class names in index order, at least one; copied
     * @return the dataset
     * @throws IllegalArgumentException if sizes disagree, there are no classes, a label is out of
     *                                  range, or the features are not a float32 matrix
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
     * @param name         the dataset's name for messages and provenance
     * @param features     {@code [N, F]} float32, rows × features; kept, not copied
     * @param values       {@code [N, k]} targets, rows × target values, of either dtype; copied (and
     *                     converted to float32)
     * @param featureNames the {@code F} feature names in column order; copied
     * @param targetName   the name of the target column (with several targets, a name for them all)
     * @return the dataset
     * @throws IllegalArgumentException if {@code values} is not {@code [N, k]}, the features are not a
     *                                  float32 matrix, or the feature names do not match its columns
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

    /**
     * The dataset's name, such as {@code iris} or a file name.
     *
     * @return the name given at creation (or to {@link #subset})
     */
    public String name() {
        return name;
    }

    /**
     * Classification or regression.
     *
     * @return the task, never null
     */
    public Task task() {
        return task;
    }

    /**
     * The number of rows {@code N}.
     *
     * @return the number of examples, at least 1
     */
    public int size() {
        return features.shape().dim(0);
    }

    /**
     * The number of features {@code F}.
     *
     * @return the number of feature columns, at least 1
     */
    public int featureCount() {
        return features.shape().cols();
    }

    /**
     * The network's output width: the number of classes, or of target values.
     *
     * @return {@code C} for classification, {@code k} for regression
     */
    public int outputCount() {
        return task == Task.CLASSIFICATION ? classNames.size() : values.shape().cols();
    }

    /**
     * The features {@code [N, F]} (shared, do not modify).
     *
     * @return the dataset's own float32 tensor, rows × features, not a copy
     */
    public Tensor features() {
        return features;
    }

    /**
     * The class index of every row (a copy); only for classification.
     *
     * @return a new array of {@code N} class indices in {@code [0, C)}
     * @throws IllegalStateException for a regression dataset
     */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /**
     * The class index of row {@code i}; only for classification.
     *
     * @param i the row, in {@code [0, size())}
     * @return the class index, in {@code [0, C)}
     * @throws IllegalStateException for a regression dataset
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of range
     */
    public int label(int i) {
        requireClassification("label");
        return labels[i];
    }

    /**
     * The regression targets {@code [N, k]} (shared, do not modify); only for regression.
     *
     * @return the dataset's own float32 tensor, rows × target values, not a copy
     * @throws IllegalStateException for a classification dataset
     */
    public Tensor values() {
        if (task != Task.REGRESSION) {
            throw new IllegalStateException("dataset '" + name + "' is for classification: it has labels, not values");
        }
        return values;
    }

    /**
     * The targets as the losses take them: class indices {@code [N]} (as float32 numbers) for
     * classification, values {@code [N, k]} for regression.
     *
     * @return for classification a new float32 {@code [N]} tensor owned by the caller; for
     *         regression the dataset's own {@code [N, k]} tensor (shared, do not modify)
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

    /**
     * The feature names in column order.
     *
     * @return an unmodifiable list of {@code F} names
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The name of the target (label) column.
     *
     * @return the name given at creation
     */
    public String targetName() {
        return targetName;
    }

    /**
     * The class names in index order (the label mapping); empty for regression.
     *
     * @return an unmodifiable list: class {@code i} is named {@code classNames().get(i)}
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * How many rows of each class; only for classification.
     *
     * @return a new array of {@code C} counts, indexed by class, summing to {@code N}
     * @throws IllegalStateException for a regression dataset
     */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /**
     * The rows {@code rows} (in that order) as a new dataset called {@code newName}.
     *
     * @param rows    the row indices to take, each in {@code [0, size())}, at least one; repeats allowed
     * @param newName the name of the new dataset
     * @return a new dataset with its own copies of the chosen rows' features and targets, and the same
     *         feature, target and class names
     * @throws IllegalArgumentException if {@code rows} is empty
     * @throws ArrayIndexOutOfBoundsException if a row index is out of range
     */
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

    /**
     * The same targets and names with other features of the same shape (such as scaled ones).
     *
     * @param newFeatures float32 {@code [N, F]}, the shape of {@link #features()}; kept, not copied
     * @return a new dataset sharing this one's targets
     * @throws IllegalArgumentException if the shape differs or {@code newFeatures} is not float32
     */
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
     *
     * @return 64 lower-case hexadecimal digits
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
