package org.backprop.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.nn.Activation;
import org.backprop.optim.OptimizerKind;
import org.backprop.optim.ScheduleKind;
import org.backprop.train.TrainingSettings;

/**
 * A Spark ML {@code Estimator} that trains a Backprop network by synchronous data-parallel
 * backpropagation ({@link SparkTrainer}) and gives a {@link BackpropClassificationModel}:
 *
 * <pre>{@code
 * BackpropClassificationModel model = new BackpropClassifier()
 *         .setLabelCol("label").setLayers("256,128").setEpochs(20).fit(train);
 * model.transform(test).select("label", "prediction", "probability");
 * }</pre>
 *
 * <p>Features are every numeric column but the label (in schema order), or the vector column set
 * with {@link #setFeaturesCol}. The defaults are those of {@code backprop train}: hidden layers
 * {@code 256,128} with ReLU, a softmax output with cross-entropy, Adam at its usual rate, batch 32,
 * 20 epochs, seed 42, standard scaling. It fits in a {@code Pipeline}, and is saved with its
 * parameters by {@code write().save(path)}.
 */
public final class BackpropClassifier extends Estimator<BackpropClassificationModel>
        implements ClassifierColumns<BackpropClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> labelCol;
    private final Columns columns;
    private final Param<String> layers;
    private final Param<String> activation;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final IntParam batchSize;
    private final IntParam epochs;
    private final LongParam seed;
    private final Param<String> scaling;
    private final DoubleParam l2;
    private final Param<String> schedule;
    private final IntParam partitions;

    /** A classifier with the default settings. */
    public BackpropClassifier() {
        this(Identifiable.randomUID("backprop"));
    }

    /** A classifier with the given id (Spark ML uses this to copy and load stages). */
    public BackpropClassifier(String uid) {
        this.uid = uid;
        columns = new Columns(this, "every numeric column but the label");
        labelCol = new Param<>(this, "labelCol", "the label column: text, or whole numbers naming the classes");
        layers = new Param<>(this, "layers", "hidden widths such as 256,128, or a whole one-line spec");
        activation = new Param<>(this, "activation", "the hidden layers' activation");
        optimizer = new Param<>(this, "optimizer", "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw");
        learningRate = new DoubleParam(this, "learningRate", "the learning rate; 0 for the optimiser's usual one");
        batchSize = new IntParam(this, "batchSize", "rows per global mini-batch (spread over the partitions)");
        epochs = new IntParam(this, "epochs", "passes over the training rows");
        seed = new LongParam(this, "seed", "the seed of the initial weights and the batch order");
        scaling = new Param<>(this, "scaling", "feature scaling fitted on the training rows: standard, minmax or none");
        l2 = new DoubleParam(this, "l2", "the L2 weight penalty λ (0 = none)");
        schedule = new Param<>(this, "schedule", "the learning-rate schedule: constant or cosine (plateau needs validation rows, which Spark training has not)");
        partitions = new IntParam(this, "partitions", "partitions to train on; 0 keeps the data's, raised to the "
                + "default parallelism when it has fewer");
        setDefault(labelCol, "label");
        TrainingSettings d = TrainingSettings.defaults();
        setDefault(layers, d.layers());
        setDefault(activation, d.activation().toString());
        setDefault(optimizer, d.optimizer().label());
        setDefault(learningRate, 0.0);
        setDefault(batchSize, d.batchSize());
        setDefault(epochs, d.epochs());
        setDefault(seed, d.seed());
        setDefault(scaling, d.scaling().label());
        setDefault(l2, d.l2());
        setDefault(schedule, d.schedule().label());
        setDefault(partitions, 0);
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
    public BackpropClassifier self() {
        return this;
    }

    /** The label column ({@code label}). */
    public Param<String> labelCol() {
        return labelCol;
    }

    /** The hidden layers ({@code 256,128}) or a whole spec. */
    public Param<String> layers() {
        return layers;
    }

    /** The hidden activation ({@code relu}). */
    public Param<String> activation() {
        return activation;
    }

    /** The optimiser ({@code adam}). */
    public Param<String> optimizer() {
        return optimizer;
    }

    /** The learning rate (0: the optimiser's usual one). */
    public DoubleParam learningRate() {
        return learningRate;
    }

    /** Rows per global mini-batch (32). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** Epochs (20). */
    public IntParam epochs() {
        return epochs;
    }

    /** The seed (42). */
    public LongParam seed() {
        return seed;
    }

    /** Feature scaling ({@code standard}). */
    public Param<String> scaling() {
        return scaling;
    }

    /** The L2 penalty (0). */
    public DoubleParam l2() {
        return l2;
    }

    /** The learning-rate schedule ({@code constant}). */
    public Param<String> schedule() {
        return schedule;
    }

    /** Partitions to train on (0: the data's, at least the default parallelism). */
    public IntParam partitions() {
        return partitions;
    }

    /** Sets the label column. */
    public BackpropClassifier setLabelCol(String v) {
        set(labelCol, v);
        return this;
    }

    /** Sets the hidden layers ({@code "256,128"}) or a whole spec ({@code "64 tanh, 10 softmax"}). */
    public BackpropClassifier setLayers(String v) {
        set(layers, v);
        return this;
    }

    /** Sets the hidden activation. */
    public BackpropClassifier setActivation(String v) {
        set(activation, v);
        return this;
    }

    /** Sets the optimiser by name. */
    public BackpropClassifier setOptimizer(String v) {
        set(optimizer, v);
        return this;
    }

    /** Sets the learning rate (0: the optimiser's usual one). */
    public BackpropClassifier setLearningRate(double v) {
        set(learningRate, v);
        return this;
    }

    /** Sets the global mini-batch size. */
    public BackpropClassifier setBatchSize(int v) {
        set(batchSize, v);
        return this;
    }

    /** Sets the number of epochs. */
    public BackpropClassifier setEpochs(int v) {
        set(epochs, v);
        return this;
    }

    /** Sets the seed. */
    public BackpropClassifier setSeed(long v) {
        set(seed, v);
        return this;
    }

    /** Sets the feature scaling: {@code standard}, {@code minmax} or {@code none}. */
    public BackpropClassifier setScaling(String v) {
        set(scaling, v);
        return this;
    }

    /** Sets the L2 penalty. */
    public BackpropClassifier setL2(double v) {
        set(l2, v);
        return this;
    }

    /** Sets the learning-rate schedule: {@code constant} or {@code cosine}. */
    public BackpropClassifier setSchedule(String v) {
        set(schedule, v);
        return this;
    }

    /** Sets the partitions to train on (0: the data's, at least the default parallelism). */
    public BackpropClassifier setPartitions(int v) {
        set(partitions, v);
        return this;
    }

    /** The settings as {@code backprop train} takes them. */
    public TrainingSettings settings() {
        double rate = (Double) getOrDefault(learningRate);
        return TrainingSettings.defaults().toBuilder().layers(getOrDefault(layers))
                .activation(Activation.parse(getOrDefault(activation))).loss(null)
                .optimizer(OptimizerKind.parse(getOrDefault(optimizer))).learningRate(rate > 0 ? rate : Double.NaN)
                .batchSize((Integer) getOrDefault(batchSize)).epochs((Integer) getOrDefault(epochs))
                .seed((Long) getOrDefault(seed)).validationFraction(0).testFraction(0).patience(0)
                .scaling(Scaling.parse(getOrDefault(scaling))).threads(1).l2((Double) getOrDefault(l2))
                .schedule(ScheduleKind.parse(getOrDefault(schedule))).build();
    }

    @Override
    public BackpropClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> df = SparkData.repartition(dataset.toDF(), (Integer) getOrDefault(partitions));
        String features = getOrDefault(featuresCol());
        try (SparkData data = SparkData.fit(df, getOrDefault(labelCol), features.isEmpty() ? null : features,
                Task.CLASSIFICATION, Scaling.parse(getOrDefault(scaling)))) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
            SparkTrainer.Result result = new SparkTrainer(jsc, List.of()).train(data, settings(), "spark:" + uid);
            BackpropClassificationModel model = new BackpropClassificationModel(uid, result.model());
            model.setFeaturesCol(features).setPredictionCol(getOrDefault(predictionCol()))
                    .setProbabilityCol(getOrDefault(probabilityCol())).setPredictedLabelCol(getOrDefault(predictedLabelCol()));
            model.setParent(this);
            return model;
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String label = getOrDefault(labelCol);
        if (!List.of(schema.fieldNames()).contains(label)) {
            throw new IllegalArgumentException("no label column '" + label + "'; the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        return BackpropClassificationModel.outputSchema(schema, getOrDefault(probabilityCol()), getOrDefault(predictionCol()),
                getOrDefault(predictedLabelCol()));
    }

    @Override
    public BackpropClassifier copy(ParamMap extra) {
        return copyValues(new BackpropClassifier(uid), extra);
    }

    /** Reads a classifier saved with {@code write().save(path)}. */
    public static MLReader<BackpropClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a classifier saved with {@code write().save(path)}. */
    public static BackpropClassifier load(String path) {
        return read().load(path);
    }
}
