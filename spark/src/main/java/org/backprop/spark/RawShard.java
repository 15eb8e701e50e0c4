package org.backprop.spark;

import java.io.Serializable;

/**
 * One partition's rows as read from the {@code DataFrame}, before the label mapping and scaling
 * are known: features as floats, labels as text (string label columns) or numbers.
 *
 * @param partition the Spark partition
 * @param rows      the number of rows
 * @param features  the features per row
 * @param x         {@code rows × features} raw features
 * @param textLabels the labels as written, or {@code null} when the label column is numeric
 * @param numberLabels the labels as numbers, or {@code null} when the label column is text
 */
record RawShard(int partition, int rows, int features, float[] x, String[] textLabels, double[] numberLabels)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
