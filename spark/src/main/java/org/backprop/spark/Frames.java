package org.backprop.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.backprop.data.Dataset;
import org.backprop.data.Task;

/**
 * DataFrames made from Backprop datasets that the driver holds (built-ins, MNIST IDX files).
 * Stateless; safe from any thread.
 */
public final class Frames {
    /** The vector column's name when the features are one vector. */
    public static final String FEATURES = "features";
    /** The label column's name. */
    public static final String LABEL = "label";

    private Frames() {
    }

    /**
     * The dataset's rows, in order, as a DataFrame of {@code partitions} contiguous partitions: the
     * features as one float column each (named as the dataset names them) or, with
     * {@code vector}, as one vector column {@value #FEATURES}; the label as {@value #LABEL}, the
     * class name (a string) or the value (a double).
     *
     * @param spark      the session that makes the DataFrame
     * @param data       the rows; copied into the DataFrame (the dataset is not kept)
     * @param partitions how many partitions, at least 1
     * @param vector     {@code true} for one vector column of features, {@code false} for one column
     *                   per feature
     * @return a new DataFrame of {@code data.size()} rows, none null
     */
    public static org.apache.spark.sql.Dataset<Row> of(SparkSession spark, Dataset data, int partitions,
                                                         boolean vector) {
        List<StructField> fields = new ArrayList<>();
        if (vector) {
            fields.add(DataTypes.createStructField(FEATURES, new VectorUDT(), false));
        } else {
            for (String name : data.featureNames()) {
                fields.add(DataTypes.createStructField(name, DataTypes.FloatType, false));
            }
        }
        boolean classes = data.task() == Task.CLASSIFICATION;
        fields.add(DataTypes.createStructField(LABEL, classes ? DataTypes.StringType : DataTypes.DoubleType, false));
        StructType schema = DataTypes.createStructType(fields);
        float[] x = data.features().floatData();
        int f = data.featureCount();
        List<Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            Object label = classes ? data.classNames().get(data.label(i)) : (double) data.values().get(i);
            if (vector) {
                double[] v = new double[f];
                for (int j = 0; j < f; j++) {
                    v[j] = x[i * f + j];
                }
                rows.add(RowFactory.create(Vectors.dense(v), label));
            } else {
                Object[] values = new Object[f + 1];
                for (int j = 0; j < f; j++) {
                    values[j] = x[i * f + j];
                }
                values[f] = label;
                rows.add(RowFactory.create(values));
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
    }
}
