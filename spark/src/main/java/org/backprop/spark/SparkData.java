package org.backprop.spark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.data.TableConverter;
import org.backprop.data.Task;
import org.backprop.tensor.Bytes;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Training data on Spark: a {@code DataFrame} read once into cached {@link Shard}s of float
 * arrays, with the label mapping and the feature scaler fitted on it in one distributed pass.
 *
 * <p>Steps, each a Spark job over the partitions:
 * <ol>
 *   <li>read: every partition's rows become one {@link RawShard} (features as floats, labels as
 *       text or numbers), cached — the only time the source is read;</li>
 *   <li>fit: each cached raw shard gives its row count, per-feature mean and Σ(x−mean)², minimum,
 *       maximum, distinct labels and a SHA-256; the driver merges them in partition order (Chan's
 *       pairwise formula for the variance) into the task, the class names and the
 *       {@link FeatureScaler} — the same rules as the single-JVM trainer
 *       ({@link FeatureScaler#fromStatistics}, {@link TableConverter#className});</li>
 *   <li>convert: each raw shard is scaled (with {@link FeatureScaler#transform}) and its labels
 *       mapped to class indices, giving the cached {@link Shard}s; the raw ones are dropped.</li>
 * </ol>
 *
 * <p>Rows are numbered in partition order ({@link #offsets()}): row {@code i} of partition
 * {@code p} is row {@code offsets[p] + i} of the data. The trainer draws its mini-batches from
 * these numbers, so the batches do not depend on how the rows are spread over executors.
 *
 * <p>Features are every numeric column but the label, in schema order, or one vector column
 * ({@code features}, as Spark ML's assemblers make). Missing values (nulls) are refused with the
 * partition, row and column named.
 *
 * <p>A driver-side handle: its fields never change after it is made, so threads of the driver may
 * read it at once; {@link #close()} drops the cache for every user.
 */
public final class SparkData implements AutoCloseable {
    /** The most distinct labels a classification may have. */
    public static final int MAX_CLASSES = 10_000;

    private final JavaRDD<Shard> shards;
    private final long[] offsets;
    private final long rows;
    private final Schema schema;
    private final FeatureScaler scaler;
    private final String fingerprint;

    /**
     * What the model needs to know of the columns.
     *
     * @param featureNames  the feature names in order (the vector column's name with an index for a vector column)
     * @param featureColumn the vector column, or {@code null} when the features are numeric columns
     * @param targetName    the label column
     * @param task          classification or regression
     * @param classNames    the class names in index order; empty for regression
     * @serial exclude  (Serializable only so that Spark ships it to the executors, driver and executors
     *                  running the same jar: its Java serialized form is not a stored format. Left out of
     *                  the serialized-form page also because javadoc 17 asks for comments on a
     *                  serializable record's private fields, which cannot have any: JDK-8275199, fixed in 18.)
     */
    public record Schema(List<String> featureNames, String featureColumn, String targetName, Task task,
                         List<String> classNames) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Copies the lists.
         *
         * @param featureNames  the feature names in order; copied
         * @param featureColumn the vector column, or {@code null}
         * @param targetName    the label column
         * @param task          classification or regression
         * @param classNames    the class names in index order, empty for regression; copied
         * @throws NullPointerException if either list is {@code null} or holds {@code null}
         */
        public Schema {
            featureNames = List.copyOf(featureNames);
            classNames = List.copyOf(classNames);
        }

        /**
         * The network's output width: one per class, or 1 for regression.
         *
         * @return {@code classNames().size()} for classification, else 1
         */
        public int outputs() {
            return task == Task.CLASSIFICATION ? classNames.size() : 1;
        }
    }

    private SparkData(JavaRDD<Shard> shards, long[] offsets, long rows, Schema schema, FeatureScaler scaler,
                      String fingerprint) {
        this.shards = shards;
        this.offsets = offsets;
        this.rows = rows;
        this.schema = schema;
        this.scaler = scaler;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads training data, fitting the label mapping and the scaler on it.
     *
     * @param df            the data
     * @param labelColumn   the label column
     * @param featureColumn a vector column holding the features, or {@code null} for every numeric column but the label
     * @param task          the task, or {@code null} to infer it as {@code backprop train} does (text labels, or
     *                      whole numbers with at most {@value TableConverter#MAX_INFERRED_CLASSES} values: classes)
     * @param scaling       the feature scaling to fit
     * @return the data, read once and cached on the executors (close it to drop the cache), with the
     *         schema, classes (text labels in sorted order, numbers in numeric order) and
     *         scaler fitted on it
     * @throws SparkDataException naming what is wrong with the columns or which row holds a bad value
     */
    public static SparkData fit(Dataset<Row> df, String labelColumn, String featureColumn, Task task, Scaling scaling) {
        Columns columns = Columns.of(df, labelColumn, featureColumn);
        JavaRDD<RawShard> raw = read(df, columns);
        try {
            List<PartitionStats> parts = raw.map(PartitionStats::of).collect();
            PartitionStats all = PartitionStats.merge(parts, columns.features());
            if (all.rows == 0) {
                throw new SparkDataException("the data has no rows");
            }
            Task resolved = task != null ? task : all.inferTask();
            List<String> classes = resolved == Task.CLASSIFICATION ? all.classNames(labelColumn) : List.of();
            FeatureScaler scaler = FeatureScaler.fromStatistics(scaling,
                    new FeatureScaler.Statistics(all.rows, all.mean, all.sd(), all.min, all.max));
            Schema schema = new Schema(columns.featureNames(), featureColumn, labelColumn, resolved, classes);
            return convert(raw, parts, schema, scaler, all.fingerprint(parts));
        } finally {
            raw.unpersist(false);
        }
    }

    /**
     * Reads data for a model that has its schema and scaler already (such as a test set): the
     * same columns, the same classes (an unknown label is an error), the same scaling.
     *
     * @param df     the data, with the columns {@code schema} names
     * @param schema the model's columns, task and classes
     * @param scaler the model's scaler, applied as it is (not refitted)
     * @return the data, cached on the executors (close it to drop the cache), with {@code schema} and
     *         {@code scaler}
     * @throws SparkDataException naming a missing column or a row with a bad or unknown value
     */
    public static SparkData withModel(Dataset<Row> df, Schema schema, FeatureScaler scaler) {
        Columns columns = Columns.of(df, schema.targetName(), schema.featureColumn());
        if (schema.featureColumn() == null && !columns.featureNames().equals(schema.featureNames())) {
            throw new SparkDataException("the feature columns " + abbreviate(columns.featureNames())
                    + " are not those of the model: " + abbreviate(schema.featureNames()));
        }
        JavaRDD<RawShard> raw = read(df, columns);
        try {
            List<PartitionStats> parts = raw.map(PartitionStats::of).collect();
            return convert(raw, parts, schema, scaler, PartitionStats.merge(parts, columns.features()).fingerprint(parts));
        } finally {
            raw.unpersist(false);
        }
    }

    /**
     * {@code df} in {@code partitions} partitions; for 0, as it is, or in Spark's default
     * parallelism when it has fewer partitions (so that every executor core gets a share).
     *
     * @param df         the data
     * @param partitions the number of partitions wanted, or 0 for at least Spark's default parallelism
     * @return {@code df} itself when it has that many partitions already, else a repartitioned
     *         (shuffled) DataFrame of the same rows
     */
    public static Dataset<Row> repartition(Dataset<Row> df, int partitions) {
        int have = df.rdd().getNumPartitions();
        int want = partitions > 0 ? partitions : Math.max(have, df.sparkSession().sparkContext().defaultParallelism());
        return want == have ? df : df.repartition(want);
    }

    private static JavaRDD<RawShard> read(Dataset<Row> df, Columns columns) {
        Dataset<Row> selected = df.selectExpr(columns.selection());
        boolean vector = columns.vector();
        boolean textLabels = columns.textLabels();
        int features = columns.features();
        List<String> names = columns.sourceNames();
        JavaRDD<RawShard> raw = selected.javaRDD().mapPartitionsWithIndex(
                (partition, it) -> List.of(readPartition(partition, it, features, vector, textLabels, names)).iterator(),
                true);
        raw.persist(StorageLevel.MEMORY_AND_DISK());
        return raw;
    }

    private static SparkData convert(JavaRDD<RawShard> raw, List<PartitionStats> parts, Schema schema,
                                     FeatureScaler scaler, String fingerprint) {
        long[] offsets = new long[parts.size()];
        long total = 0;
        for (int p = 0; p < parts.size(); p++) {
            offsets[p] = total;
            total += parts.get(p).rows;
        }
        Scaling kind = scaler.kind();
        double[] offset = scaler.offset();
        double[] scale = scaler.scale();
        Map<String, Integer> classIndex = new HashMap<>();
        for (int c = 0; c < schema.classNames().size(); c++) {
            classIndex.put(schema.classNames().get(c), c);
        }
        boolean classification = schema.task() == Task.CLASSIFICATION;
        String label = schema.targetName();
        JavaRDD<Shard> shards = raw.map(r -> {
            FeatureScaler s = new FeatureScaler(kind, offset, scale);
            float[] x = r.rows() == 0 ? new float[0]
                    : s.transform(Tensor.wrap(r.x(), Shape.of(r.rows(), r.features()))).floatData();
            float[] y = new float[r.rows()];
            for (int i = 0; i < r.rows(); i++) {
                if (classification) {
                    String name = r.textLabels() != null ? r.textLabels()[i] : TableConverter.className(r.numberLabels()[i]);
                    Integer c = classIndex.get(name);
                    if (c == null) {
                        throw new SparkDataException("partition " + r.partition() + ", row " + i + ", column '" + label
                                + "': unknown class '" + name + "'; the model knows " + abbreviate(
                                new ArrayList<>(new TreeSet<>(classIndex.keySet()))));
                    }
                    y[i] = c;
                } else {
                    y[i] = (float) r.numberLabels()[i];
                }
            }
            return new Shard(r.partition(), r.rows(), r.features(), x, y);
        });
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        shards.count(); // materialise the cache before the raw shards go
        return new SparkData(shards, offsets, total, schema, scaler, fingerprint);
    }

    private static RawShard readPartition(int partition, Iterator<Row> it, int features, boolean vector,
                                          boolean textLabels, List<String> names) {
        FloatList x = new FloatList();
        List<String> text = new ArrayList<>();
        DoubleList numbers = new DoubleList();
        int row = 0;
        while (it.hasNext()) {
            Row r = it.next();
            Object label = r.get(0);
            if (label == null) {
                throw missing(partition, row, names.get(0));
            }
            if (textLabels) {
                String s = label.toString().trim();
                if (s.isEmpty()) {
                    throw new SparkDataException("partition " + partition + ", row " + row + ", column '" + names.get(0)
                            + "': empty label");
                }
                text.add(s);
            } else {
                double d = ((Number) label).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new SparkDataException("partition " + partition + ", row " + row + ", column '" + names.get(0)
                            + "': label " + d + " is not finite");
                }
                numbers.add(d);
            }
            if (vector) {
                Object v = r.get(1);
                if (v == null) {
                    throw missing(partition, row, names.get(1));
                }
                double[] values = ((Vector) v).toArray();
                if (values.length != features) {
                    throw new SparkDataException("partition " + partition + ", row " + row + ", column '" + names.get(1)
                            + "': expected a vector of " + features + " values (as in the first row), got " + values.length);
                }
                for (int j = 0; j < features; j++) {
                    x.add(finite(values[j], partition, row, names.get(1) + "[" + j + "]"));
                }
            } else {
                for (int j = 0; j < features; j++) {
                    Object v = r.get(1 + j);
                    if (v == null) {
                        throw missing(partition, row, names.get(1 + j));
                    }
                    x.add(finite(((Number) v).doubleValue(), partition, row, names.get(1 + j)));
                }
            }
            row++;
        }
        return new RawShard(partition, row, features, x.toArray(), textLabels ? text.toArray(new String[0]) : null,
                textLabels ? null : numbers.toArray());
    }

    private static float finite(double v, int partition, int row, String column) {
        if (!Double.isFinite(v)) {
            throw new SparkDataException("partition " + partition + ", row " + row + ", column '" + column + "': "
                    + v + " is not finite");
        }
        return (float) v;
    }

    private static SparkDataException missing(int partition, int row, String column) {
        return new SparkDataException("partition " + partition + ", row " + row + ", column '" + column
                + "': missing value (null); fill or drop such rows first (DataFrame.na())");
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 6)) + ", …, " + names.get(names.size() - 1);
    }

    /**
     * The cached shards, one per partition.
     *
     * @return the cached RDD itself (not a copy): scaled features and class indices or values
     */
    public JavaRDD<Shard> shards() {
        return shards;
    }

    /**
     * The index of each partition's first row in the whole data.
     *
     * @return a new array, one entry per partition, starting at 0 and non-decreasing
     */
    public long[] offsets() {
        return offsets.clone();
    }

    /**
     * The number of rows.
     *
     * @return the row count over every partition
     */
    public long rows() {
        return rows;
    }

    /**
     * The number of partitions.
     *
     * @return the number of shards, empty partitions included
     */
    public int partitions() {
        return offsets.length;
    }

    /**
     * The columns, task and classes.
     *
     * @return the schema (immutable)
     */
    public Schema schema() {
        return schema;
    }

    /**
     * The scaler fitted on this data (or given with the model).
     *
     * @return the scaler, shared (not a copy)
     */
    public FeatureScaler scaler() {
        return scaler;
    }

    /**
     * A SHA-256 (hex) of the data: of the feature and label column names and of each partition's
     * SHA-256 (raw features as little-endian float32, then the labels as text or float64), in
     * partition order. The same data in the same partitions gives the same fingerprint.
     *
     * @return 64 lowercase hex digits
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** Drops the cached shards. */
    @Override
    public void close() {
        shards.unpersist(false);
    }

    /** The label and feature columns chosen from a schema. */
    private record Columns(String label, boolean textLabels, boolean vector, List<String> featureNames,
                           List<String> sourceNames, int features) {

        static Columns of(Dataset<Row> df, String label, String featureColumn) {
            List<String> all = Arrays.asList(df.columns());
            if (label == null || !all.contains(label)) {
                throw new SparkDataException("no label column '" + label + "'; the columns are " + abbreviate(all));
            }
            DataType labelType = df.schema().apply(label).dataType();
            boolean text = labelType instanceof StringType;
            if (!text && !(labelType instanceof NumericType)) {
                throw new SparkDataException("label column '" + label + "' has type " + labelType.simpleString()
                        + "; expected a number or a string");
            }
            if (featureColumn != null) {
                if (!all.contains(featureColumn)) {
                    throw new SparkDataException("no feature column '" + featureColumn + "'; the columns are "
                            + abbreviate(all));
                }
                DataType t = df.schema().apply(featureColumn).dataType();
                if (!(t instanceof VectorUDT)) {
                    throw new SparkDataException("feature column '" + featureColumn + "' has type " + t.simpleString()
                            + "; expected a vector (for example from VectorAssembler)");
                }
                Row first = df.select(featureColumn).na().drop().first();
                int width = ((Vector) first.get(0)).size();
                List<String> names = new ArrayList<>();
                for (int j = 0; j < width; j++) {
                    names.add(featureColumn + "[" + j + "]");
                }
                return new Columns(label, text, true, names, List.of(label, featureColumn), width);
            }
            List<String> names = new ArrayList<>();
            for (StructField f : df.schema().fields()) {
                if (f.name().equals(label)) {
                    continue;
                }
                if (!(f.dataType() instanceof NumericType)) {
                    throw new SparkDataException("feature column '" + f.name() + "' has type " + f.dataType().simpleString()
                            + "; features must be numeric (drop the column, or assemble a vector column)");
                }
                names.add(f.name());
            }
            if (names.isEmpty()) {
                throw new SparkDataException("no feature columns besides the label '" + label + "'");
            }
            List<String> source = new ArrayList<>();
            source.add(label);
            source.addAll(names);
            return new Columns(label, text, false, names, source, names.size());
        }

        String[] selection() {
            return sourceNames.stream().map(n -> "`" + n.replace("`", "``") + "`").toArray(String[]::new);
        }
    }

    /** Per-partition statistics of the raw features and labels. */
    private static final class PartitionStats implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        long rows;
        double[] mean;
        double[] m2;
        double[] min;
        double[] max;
        TreeSet<String> labels = new TreeSet<>();
        boolean textLabels;
        boolean wholeNumbers = true;
        boolean tooMany;
        String sha256 = "";

        static PartitionStats of(RawShard r) {
            PartitionStats s = new PartitionStats();
            int f = r.features();
            s.rows = r.rows();
            s.mean = new double[f];
            s.m2 = new double[f];
            s.min = new double[f];
            s.max = new double[f];
            Arrays.fill(s.min, Double.POSITIVE_INFINITY);
            Arrays.fill(s.max, Double.NEGATIVE_INFINITY);
            float[] x = r.x();
            for (int i = 0; i < r.rows(); i++) {
                for (int j = 0; j < f; j++) {
                    float v = x[i * f + j];
                    s.mean[j] += v;
                    s.min[j] = Math.min(s.min[j], v);
                    s.max[j] = Math.max(s.max[j], v);
                }
            }
            for (int j = 0; j < f && s.rows > 0; j++) {
                s.mean[j] /= s.rows;
            }
            for (int i = 0; i < r.rows(); i++) {
                for (int j = 0; j < f; j++) {
                    double d = x[i * f + j] - s.mean[j];
                    s.m2[j] += d * d;
                }
            }
            MessageDigest md = Bytes.sha256();
            md.update(Bytes.littleEndian(x));
            s.textLabels = r.textLabels() != null;
            for (int i = 0; i < r.rows(); i++) {
                String name;
                if (s.textLabels) {
                    name = r.textLabels()[i];
                    md.update((name + "\u0000").getBytes(StandardCharsets.UTF_8));
                } else {
                    double d = r.numberLabels()[i];
                    s.wholeNumbers &= d == Math.rint(d);
                    name = TableConverter.className(d);
                    md.update(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(d).array());
                }
                if (!s.tooMany) {
                    s.labels.add(name);
                    if (s.labels.size() > MAX_CLASSES) {
                        s.tooMany = true;
                        s.labels.clear();
                    }
                }
            }
            s.sha256 = HexFormat.of().formatHex(md.digest());
            return s;
        }

        /** All partitions' statistics merged in partition order (Chan et al.'s pairwise update for Σ(x−mean)²). */
        static PartitionStats merge(List<PartitionStats> parts, int features) {
            PartitionStats all = new PartitionStats();
            all.mean = new double[features];
            all.m2 = new double[features];
            all.min = new double[features];
            all.max = new double[features];
            Arrays.fill(all.min, Double.POSITIVE_INFINITY);
            Arrays.fill(all.max, Double.NEGATIVE_INFINITY);
            for (PartitionStats p : parts) {
                all.textLabels = p.textLabels;
                if (p.rows == 0) {
                    continue;
                }
                long n = all.rows + p.rows;
                for (int j = 0; j < features; j++) {
                    double delta = p.mean[j] - all.mean[j];
                    all.mean[j] += delta * p.rows / n;
                    all.m2[j] += p.m2[j] + delta * delta * ((double) all.rows * p.rows / n);
                    all.min[j] = Math.min(all.min[j], p.min[j]);
                    all.max[j] = Math.max(all.max[j], p.max[j]);
                }
                all.rows = n;
                all.wholeNumbers &= p.wholeNumbers;
                all.tooMany |= p.tooMany;
                if (!all.tooMany) {
                    all.labels.addAll(p.labels);
                    if (all.labels.size() > MAX_CLASSES) {
                        all.tooMany = true;
                        all.labels.clear();
                    }
                }
            }
            return all;
        }

        double[] sd() {
            double[] sd = new double[m2.length];
            for (int j = 0; j < sd.length; j++) {
                sd[j] = rows == 0 ? 0 : Math.sqrt(m2[j] / rows);
            }
            return sd;
        }

        Task inferTask() {
            if (textLabels) {
                return Task.CLASSIFICATION;
            }
            return wholeNumbers && !tooMany && labels.size() <= TableConverter.MAX_INFERRED_CLASSES
                    ? Task.CLASSIFICATION : Task.REGRESSION;
        }

        List<String> classNames(String column) {
            if (tooMany) {
                throw new SparkDataException("label column '" + column + "' has more than " + MAX_CLASSES
                        + " distinct values; too many classes (for regression, set the task)");
            }
            List<String> out = new ArrayList<>(labels);
            if (!textLabels) {
                out.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
            }
            if (out.size() < 2) {
                throw new SparkDataException("label column '" + column + "' has " + out.size() + " class"
                        + (out.size() == 1 ? " (" + out.get(0) + ")" : "es") + "; classification needs at least 2");
            }
            return out;
        }

        String fingerprint(List<PartitionStats> parts) {
            MessageDigest md = Bytes.sha256();
            for (PartitionStats p : parts) {
                md.update(p.sha256.getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(md.digest()).toLowerCase(Locale.ROOT);
        }
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable double array. */
    private static final class DoubleList {
        private double[] values = new double[256];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
