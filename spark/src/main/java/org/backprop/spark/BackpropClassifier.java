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
 *
 * <p>Like every Spark ML stage, not safe for one thread to set parameters while another fits; a
 * configured classifier may be fitted by several threads at once (each fit trains its own model).
 */
public final class BackpropClassifier extends Estimator<BackpropClassificationModel>
        implements ClassifierColumns<BackpropClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    /** The stage's Spark ML identifier. */
    private final String uid;
    /** See {@link #labelCol()}. */
    private final Param<String> labelCol;
    /** The feature and output column parameters ({@link ClassifierColumns}). */
    private final Columns columns;
    /** See {@link #layers()}. */
    private final Param<String> layers;
    /** See {@link #activation()}. */
    private final Param<String> activation;
    /** See {@link #optimizer()}. */
    private final Param<String> optimizer;
    /** See {@link #learningRate()}. */
    private final DoubleParam learningRate;
    /** See {@link #batchSize()}. */
    private final IntParam batchSize;
    /** See {@link #epochs()}. */
    private final IntParam epochs;
    /** See {@link #seed()}. */
    private final LongParam seed;
    /** See {@link #scaling()}. */
    private final Param<String> scaling;
    /** See {@link #l2()}. */
    private final DoubleParam l2;
    /** See {@link #schedule()}. */
    private final Param<String> schedule;
    /** See {@link #partitions()}. */
    private final IntParam partitions;

    /**
     * A classifier with the default settings and a random uid.
     */
    public BackpropClassifier() {
        this(Identifiable.randomUID("backprop"));
    }

    /**
     * A classifier with the given id (Spark ML uses this to copy and load stages).
     *
     * @param uid the stage's Spark ML identifier
     */
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
        schedule = new Param<>(this, "schedule", "the learning-rate schedule: constant or cosine");
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

    /**
     * The label column ({@code label}).
     *
     * @return the parameter {@code labelCol}: the column of class names (text) or whole numbers
     */
    public Param<String> labelCol() {
        return labelCol;
    }

    /**
     * The hidden layers ({@code 256,128}) or a whole spec.
     *
     * @return the parameter {@code layers}
     */
    public Param<String> layers() {
        return layers;
    }

    /**
     * The hidden activation ({@code relu}).
     *
     * @return the parameter {@code activation}: a name {@code Activation.parse} reads
     */
    public Param<String> activation() {
        return activation;
    }

    /**
     * The optimiser ({@code adam}).
     *
     * @return the parameter {@code optimizer}: a name {@code OptimizerKind.parse} reads
     */
    public Param<String> optimizer() {
        return optimizer;
    }

    /**
     * The learning rate (0: the optimiser's usual one).
     *
     * @return the parameter {@code learningRate}: 0 or a positive rate
     */
    public DoubleParam learningRate() {
        return learningRate;
    }

    /**
     * Rows per global mini-batch (32).
     *
     * @return the parameter {@code batchSize}: the rows of one optimiser step, summed over every partition
     */
    public IntParam batchSize() {
        return batchSize;
    }

    /**
     * Epochs (20).
     *
     * @return the parameter {@code epochs}: passes over the training rows
     */
    public IntParam epochs() {
        return epochs;
    }

    /**
     * The seed (42).
     *
     * @return the parameter {@code seed}: the seed of the initial weights and the batch order
     */
    public LongParam seed() {
        return seed;
    }

    /**
     * Feature scaling ({@code standard}).
     *
     * @return the parameter {@code scaling}: {@code standard}, {@code minmax} or {@code none}
     */
    public Param<String> scaling() {
        return scaling;
    }

    /**
     * The L2 penalty (0).
     *
     * @return the parameter {@code l2}: λ of the penalty λ·Σw², 0 or more
     */
    public DoubleParam l2() {
        return l2;
    }

    /**
     * The learning-rate schedule ({@code constant}).
     *
     * @return the parameter {@code schedule}: {@code constant} or {@code cosine}
     */
    public Param<String> schedule() {
        return schedule;
    }

    /**
     * Partitions to train on (0: the data's, at least the default parallelism).
     *
     * @return the parameter {@code partitions}: 0 or more
     */
    public IntParam partitions() {
        return partitions;
    }

    /**
     * Sets the label column.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v the label column's name
     * @return this classifier, changed
     */
    public BackpropClassifier setLabelCol(String v) {
        set(labelCol, v);
        return this;
    }

    /**
     * Sets the hidden layers ({@code "256,128"}) or a whole spec ({@code "64 tanh, 10 softmax"}).
     * Checked when {@link #fit} runs, not here.
     *
     * @param v hidden widths separated by commas, or a one-line network spec
     * @return this classifier, changed
     */
    public BackpropClassifier setLayers(String v) {
        set(layers, v);
        return this;
    }

    /**
     * Sets the hidden activation.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v an activation name, such as {@code relu} or {@code tanh}
     * @return this classifier, changed
     */
    public BackpropClassifier setActivation(String v) {
        set(activation, v);
        return this;
    }

    /**
     * Sets the optimiser by name.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v {@code sgd}, {@code momentum}, {@code nesterov}, {@code adagrad}, {@code rmsprop}, {@code adam} or {@code adamw}
     * @return this classifier, changed
     */
    public BackpropClassifier setOptimizer(String v) {
        set(optimizer, v);
        return this;
    }

    /**
     * Sets the learning rate (0: the optimiser's usual one).
     * Checked when {@link #fit} runs, not here.
     *
     * @param v the rate, or 0
     * @return this classifier, changed
     */
    public BackpropClassifier setLearningRate(double v) {
        set(learningRate, v);
        return this;
    }

    /**
     * Sets the global mini-batch size.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v rows per optimiser step, at least 1
     * @return this classifier, changed
     */
    public BackpropClassifier setBatchSize(int v) {
        set(batchSize, v);
        return this;
    }

    /**
     * Sets the number of epochs.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v passes over the training rows, or 0 for as many as {@code backprop train} would choose
     *          from the data's size
     * @return this classifier, changed
     */
    public BackpropClassifier setEpochs(int v) {
        set(epochs, v);
        return this;
    }

    /**
     * Sets the seed.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v any long; the same seed and data give the same weights
     * @return this classifier, changed
     */
    public BackpropClassifier setSeed(long v) {
        set(seed, v);
        return this;
    }

    /**
     * Sets the feature scaling: {@code standard}, {@code minmax} or {@code none}.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v the scaling's name
     * @return this classifier, changed
     */
    public BackpropClassifier setScaling(String v) {
        set(scaling, v);
        return this;
    }

    /**
     * Sets the L2 penalty.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v λ, 0 or more (0: no penalty)
     * @return this classifier, changed
     */
    public BackpropClassifier setL2(double v) {
        set(l2, v);
        return this;
    }

    /**
     * Sets the learning-rate schedule: {@code constant} or {@code cosine}.
     * Checked when {@link #fit} runs, not here.
     *
     * @param v the schedule's name
     * @return this classifier, changed
     */
    public BackpropClassifier setSchedule(String v) {
        set(schedule, v);
        return this;
    }

    /**
     * Sets the partitions to train on (0: the data's, at least the default parallelism).
     * Checked when {@link #fit} runs, not here.
     *
     * @param v the number of partitions, or 0
     * @return this classifier, changed
     */
    public BackpropClassifier setPartitions(int v) {
        set(partitions, v);
        return this;
    }

    /**
     * The settings as {@code backprop train} takes them.
     *
     * @return new settings from the parameters (no validation split, no test split, no early
     *         stopping, one thread per task; the loss chosen for classification)
     * @throws IllegalArgumentException if a parameter's value does not fit (an unknown activation,
     *                                  optimiser, scaling or schedule, a batch size below 1, a negative
     *                                  epoch count or L2 penalty)
     */
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

    /**
     * Reads a classifier saved with {@code write().save(path)}.
     *
     * @return a new reader (Spark ML persistence)
     */
    public static MLReader<BackpropClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a classifier saved with {@code write().save(path)}.
     *
     * @param path the saved classifier's directory (any Hadoop file system path)
     * @return the classifier, with the uid and parameters it was saved with
     */
    public static BackpropClassifier load(String path) {
        return read().load(path);
    }
}
