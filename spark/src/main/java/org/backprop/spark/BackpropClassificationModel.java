package org.backprop.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.backprop.data.Task;
import org.backprop.io.ModelFile;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.model.TrainedModel;

/**
 * A trained Backprop network as a Spark ML {@code Transformer}: it adds the class probabilities
 * (a vector), the predicted class index (a double, Spark ML's convention) and the predicted class
 * name to every row. The features are read as the model was trained: its feature columns by name,
 * or its vector column; they are scaled with the model's scaler.
 *
 * <p>It is a normal Backprop model underneath ({@link #trainedModel()}): save it as a model file
 * with {@link org.backprop.io.ModelFile#write} for {@code backprop evaluate/predict/inspect}, or
 * with {@code write().save(path)} (Spark ML persistence, also inside a saved {@code PipelineModel}),
 * which stores Spark ML's metadata and the model file as {@code path/backprop-model.json}.
 *
 * <p>{@link #transform} may be called from several driver threads at once: the model is read, never
 * changed, and each partition's task predicts with its own copy (read from the broadcast model file).
 * Setting a column parameter while another thread transforms is not safe (Spark ML's {@code Params}).
 */
public final class BackpropClassificationModel extends Model<BackpropClassificationModel>
        implements ClassifierColumns<BackpropClassificationModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    /** The model file's name inside a saved model's directory. */
    public static final String MODEL_FILE = "backprop-model.json";
    private static final int CHUNK = 512;

    /** The stage's Spark ML identifier. */
    private final String uid;
    private final transient TrainedModel model;
    /**
     * The model as its model-file JSON ({@link org.backprop.io.ModelFile#toJson}): what executors read
     * the model from after Java serialization, and what {@code write()} stores.
     */
    private final String json;
    /** The feature and output column parameters. */
    private final Columns columns;

    /**
     * Wraps a trained model.
     *
     * @param uid   the stage's Spark ML identifier (such as {@code Identifiable.randomUID("backprop")})
     * @param model the classifier; kept, and serialized at once to its model-file JSON, which is what
     *              executors and {@code write()} use (change the model after this and they do not see it)
     * @throws IllegalArgumentException if the model is not a classifier
     */
    public BackpropClassificationModel(String uid, TrainedModel model) {
        if (model.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("BackpropClassificationModel: the model is for " + model.task());
        }
        this.uid = uid;
        this.model = model;
        this.json = ModelFile.toJson(model);
        this.columns = new Columns(this, "the model's feature columns by name");
    }

    /**
     * Reads a Backprop model file (as {@code backprop train} writes it) into a transformer.
     *
     * @param file the model file ({@code .json})
     * @return a new transformer with a random uid and the default columns
     * @throws IOException              if the file cannot be read
     * @throws org.backprop.io.ModelFileException listing every problem found in the file
     * @throws IllegalArgumentException if the model is not a classifier
     */
    public static BackpropClassificationModel fromModelFile(java.nio.file.Path file) throws IOException {
        return new BackpropClassificationModel(org.apache.spark.ml.util.Identifiable.randomUID("backprop"),
                ModelFile.read(file));
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Columns columns() {
        return columns;
    }

    @Override
    public BackpropClassificationModel self() {
        return this;
    }

    /**
     * The Backprop model: network, scaler, classes, provenance.
     *
     * @return the model given to the constructor; after Java deserialization (on an executor), a new
     *         copy read from the model-file JSON on every call
     */
    public TrainedModel trainedModel() {
        return model != null ? model : ModelFile.fromJson(json, uid);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in);
        int[] columns = featureColumns(in);
        boolean vector = !getOrDefault(featuresCol()).isEmpty();
        int features = trainedModel().featureNames().size();
        List<String> names = new ArrayList<>();
        for (int c : columns) {
            names.add(in.fieldNames()[c]);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<String> file = jsc.broadcast(json);
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(
                it -> predict(it, ModelFile.fromJson(file.value(), "broadcast model"), columns, names, vector, features));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    private static Iterator<Row> predict(Iterator<Row> it, TrainedModel model, int[] columns, List<String> names,
                                         boolean vector, int features) {
        List<Row> result = new ArrayList<>();
        List<Row> chunk = new ArrayList<>(CHUNK);
        while (it.hasNext()) {
            chunk.add(it.next());
            if (chunk.size() == CHUNK || !it.hasNext()) {
                float[] x = new float[chunk.size() * features];
                for (int i = 0; i < chunk.size(); i++) {
                    Row r = chunk.get(i);
                    if (vector) {
                        Object v = r.get(columns[0]);
                        double[] values = v == null ? null : ((Vector) v).toArray();
                        if (values == null || values.length != features) {
                            throw new SparkDataException("column '" + names.get(0) + "': expected a vector of " + features
                                    + " values, got " + (values == null ? "null" : values.length + " values"));
                        }
                        for (int j = 0; j < features; j++) {
                            x[i * features + j] = (float) values[j];
                        }
                    } else {
                        for (int j = 0; j < features; j++) {
                            Object v = r.get(columns[j]);
                            if (v == null) {
                                throw new SparkDataException("column '" + names.get(j) + "': missing value (null)");
                            }
                            x[i * features + j] = (float) ((Number) v).doubleValue();
                        }
                    }
                }
                Tensor p = model.predict(Tensor.wrap(x, Shape.of(chunk.size(), features)));
                int classes = p.shape().dim(1);
                for (int i = 0; i < chunk.size(); i++) {
                    double[] probs = new double[classes];
                    int best = 0;
                    for (int c = 0; c < classes; c++) {
                        probs[c] = p.get(i * classes + c);
                        best = probs[c] > probs[best] ? c : best;
                    }
                    Row r = chunk.get(i);
                    Object[] values = new Object[r.length() + 3];
                    for (int c = 0; c < r.length(); c++) {
                        values[c] = r.get(c);
                    }
                    values[r.length()] = Vectors.dense(probs);
                    values[r.length() + 1] = (double) best;
                    values[r.length() + 2] = model.classNames().get(best);
                    result.add(RowFactory.create(values));
                }
                chunk.clear();
            }
        }
        return result.iterator();
    }

    /** The indices of the feature columns in {@code schema}: the vector column, or the model's feature names. */
    private int[] featureColumns(StructType schema) {
        List<String> fields = List.of(schema.fieldNames());
        String vector = getOrDefault(featuresCol());
        List<String> wanted = vector.isEmpty() ? trainedModel().featureNames() : List.of(vector);
        List<String> missing = new ArrayList<>();
        int[] columns = new int[wanted.size()];
        for (int j = 0; j < wanted.size(); j++) {
            columns[j] = fields.indexOf(wanted.get(j));
            if (columns[j] < 0) {
                missing.add(wanted.get(j));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing feature column" + (missing.size() > 1 ? "s " : " ")
                    + SparkData.abbreviate(missing) + "; the columns are " + SparkData.abbreviate(fields));
        }
        return columns;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        featureColumns(schema);
        return outputSchema(schema, getOrDefault(probabilityCol()), getOrDefault(predictionCol()),
                getOrDefault(predictedLabelCol()));
    }

    /** {@code schema} with the probability, prediction and predicted-label columns added. */
    static StructType outputSchema(StructType schema, String probability, String prediction, String predictedLabel) {
        for (String name : List.of(probability, prediction, predictedLabel)) {
            if (List.of(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("output column '" + name + "' exists already");
            }
        }
        List<StructField> fields = new ArrayList<>(List.of(schema.fields()));
        fields.add(DataTypes.createStructField(probability, new VectorUDT(), false));
        fields.add(DataTypes.createStructField(prediction, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(predictedLabel, DataTypes.StringType, false));
        return DataTypes.createStructType(fields);
    }

    @Override
    public BackpropClassificationModel copy(ParamMap extra) {
        BackpropClassificationModel copy = copyValues(new BackpropClassificationModel(uid, trainedModel()), extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /**
     * Reads a model saved with {@code write().save(path)}.
     *
     * @return a new reader (Spark ML persistence)
     */
    public static MLReader<BackpropClassificationModel> read() {
        return new Reader();
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the saved model's directory (any Hadoop file system path)
     * @return the model, with the uid and column parameters it was saved with
     * @throws java.io.UncheckedIOException if the model file in {@code path} cannot be read
     */
    public static BackpropClassificationModel load(String path) {
        return read().load(path);
    }

    /** Writes Spark ML's metadata (class, uid, parameters) and the Backprop model file. */
    private static final class Writer extends MLWriter {
        private final BackpropClassificationModel instance;

        Writer(BackpropClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(instance.json.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** Reads what {@link Writer} wrote. */
    private static final class Reader extends MLReader<BackpropClassificationModel> {
        @Override
        public BackpropClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    BackpropClassificationModel.class.getName());
            Path file = new Path(path, MODEL_FILE);
            String text;
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (FSDataInputStream in = fs.open(file)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            BackpropClassificationModel model = new BackpropClassificationModel(metadata.uid(),
                    ModelFile.fromJson(text, file.toString()));
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
