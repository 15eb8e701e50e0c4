package org.backprop.spark;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.backprop.autograd.Variable;
import org.backprop.data.MiniBatches;
import org.backprop.data.Task;
import org.backprop.engine.FusedMlpStep;
import org.backprop.loss.Loss;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.LearningRateSchedule;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.backprop.loop.EpochRecord;
import org.backprop.loop.History;
import org.backprop.model.Provenance;
import org.backprop.loop.StopReason;
import org.backprop.model.TrainedModel;
import org.backprop.train.Training;
import org.backprop.train.TrainingDefaults;
import org.backprop.loop.TrainingListener;
import org.backprop.loop.TrainingStart;
import org.backprop.train.TrainingSettings;

/**
 * Synchronous data-parallel training on Spark: the same network, loss, optimiser and mini-batches
 * as the single-JVM {@code Trainer}, with each step's gradient computed where the data is.
 *
 * <p>Each step:
 * <pre>
 * driver    batch  = the next B row numbers of the epoch's permutation   (the Trainer's MiniBatches order)
 *           w      → broadcast
 * executors g_p    = Σ_{i ∈ batch ∩ partition p} ∂ℓ_i/∂w / B              (FusedMlpStep.gradients)
 * driver    g      = Σ_p g_p, summed in double in partition order         (one result per partition)
 *           g     += penalty′(w);  optimizer.step()                       (the same Optimizer as one JVM)
 * </pre>
 *
 * <p>The seed is forked as {@code Training.run} forks it (2: initial weights, 3: batch order), and
 * each epoch's order is {@code rng.permutation(N)} over the rows numbered in partition order, so
 * with the same seed, settings and rows in the same order, Spark trains on exactly the batches a
 * single JVM does, and one step gives the same weights within float rounding (the only difference
 * is the order in which the rows' gradients are added up).
 *
 * <p>The gradients are collected in partition order and summed on the driver rather than with
 * {@code treeAggregate}: Spark merges tree results in the order tasks finish, and float addition
 * is not associative, so a tree would make the weights depend on timing. Summing on the driver
 * keeps them bit-reproducible (the same seed gives the same weights on 2 or 200 executors, with or
 * without a retried task) and costs one gradient per partition per step at the driver: use about
 * as many partitions as executor cores, not thousands.
 *
 * <p>Runs the fused engine only: networks of dense layers (no dropout) with a loss it fuses.
 * There is no validation split or early stopping on Spark; hold out data yourself.
 *
 * <p>Not thread-safe: one trainer runs one {@link #train} at a time, on the driver. The listeners
 * are called on the driver thread that runs {@code train}.
 */
public final class SparkTrainer {
    private final JavaSparkContext spark;
    private final List<TrainingListener> listeners;
    private ShardGradients.StepHook hook;
    private long stepLimit = Long.MAX_VALUE;

    /**
     * A trainer running on {@code spark}, telling {@code listeners} about every step and epoch.
     *
     * @param spark     the Spark context the training jobs run on
     * @param listeners told of the start, every batch, every epoch and the end, in this order; copied
     *                  (the list, not the listeners), none {@code null}
     */
    public SparkTrainer(JavaSparkContext spark, List<TrainingListener> listeners) {
        this.spark = spark;
        this.listeners = List.copyOf(listeners);
    }

    /** Sets a hook run on the executors before every partition's part of a step (fault injection in tests). */
    SparkTrainer withHook(ShardGradients.StepHook stepHook) {
        this.hook = stepHook;
        return this;
    }

    /** Stops after {@code steps} optimiser steps (tests compare single steps). */
    SparkTrainer withStepLimit(long steps) {
        this.stepLimit = steps;
        return this;
    }

    /**
     * The result of a training run on Spark.
     *
     * @param model        the trained model (scaler, classes, provenance)
     * @param history      per-epoch records
     * @param partitions   the number of partitions trained on
     * @param steps        optimiser steps taken
     * @param seconds      wall-clock training time (without reading the data)
     * @param shardSeconds the sum over steps of the slowest partition's compute time (the part that is real work;
     *                     the rest of {@code seconds} is Spark's scheduling, broadcast and result transfer and the
     *                     driver's sum and update)
     * @param driverSeconds the driver's summing and optimiser update time
     */
    public record Result(TrainedModel model, History history, int partitions, long steps, double seconds,
                         double shardSeconds, double driverSeconds) {
    }

    /**
     * Trains on {@code data} with the settings of {@code backprop train} ({@code validationFraction},
     * {@code testFraction}, {@code patience} and {@code threads} do not apply here: split the data
     * beforehand).
     *
     * @param data        the training rows, scaled, cached on the executors; not closed here
     * @param s           the settings; {@code seed}, {@code layers}, {@code activation}, {@code loss},
     *                    {@code optimizer}, {@code learningRate}, {@code batchSize}, {@code epochs},
     *                    {@code l2} and {@code schedule} are used
     * @param datasetName the data's name for the provenance
     * @return the trained model with {@code data}'s scaler, schema and fingerprint in its provenance,
     *         and the history; a run whose loss became NaN or infinite stops early with
     *         {@link StopReason#DIVERGED} in the history rather than throwing
     * @throws IllegalArgumentException for settings that do not fit the data or that the fused engine cannot run
     */
    public Result train(SparkData data, TrainingSettings s, String datasetName) {
        if (data.rows() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("spark training: " + data.rows() + " rows; at most "
                    + (Integer.MAX_VALUE - 8) + " are numbered");
        }
        int n = (int) data.rows();
        SparkData.Schema schema = data.schema();
        int features = schema.featureNames().size();
        Rng root = new Rng(s.seed());
        Rng initRng = root.fork(2);
        Rng batchRng = root.fork(3);
        NetworkSpec spec = TrainingDefaults.networkSpec(s.layers(), s.activation(), schema.task(), schema.outputs());
        Loss loss = TrainingDefaults.loss(s.loss(), schema.task(), spec);
        Network network = spec.build(features, initRng);
        double rate = Double.isNaN(s.learningRate()) ? s.optimizer().defaultLearningRate() : s.learningRate();
        Optimizer optimizer = s.optimizer().create(network.parameters(), rate);
        Optional<String> unsupported = FusedMlpStep.unsupportedReason(network, loss, optimizer);
        if (unsupported.isPresent()) {
            throw new IllegalArgumentException("spark training runs the fused engine only, and " + unsupported.get());
        }
        Regularization reg = s.l2() == 0 ? Regularization.NONE : new Regularization(0, s.l2());
        int epochs = Training.epochs(s, n);
        LearningRateSchedule schedule = s.schedule().schedule(epochs);

        List<Variable> params = network.parameters();
        Map<String, Variable> named = network.namedParameters();
        Tensor[] grads = new Tensor[params.size()];
        int total = 0;
        for (int p = 0; p < params.size(); p++) {
            grads[p] = Tensor.zeros(DType.FLOAT32, params.get(p).shape());
            params.get(p).setGrad(grads[p]);
            total += params.get(p).value().size();
        }
        String run = UUID.randomUUID().toString();
        String specText = spec.toString();
        boolean classification = schema.task() == Task.CLASSIFICATION;
        long[] offsets = data.offsets();
        int batches = MiniBatches.count(n, s.batchSize());
        String engine = "fused-mlp on spark (" + data.partitions() + " partitions)";
        String metric = classification ? "accuracy" : "r2";
        TrainingStart plan = new TrainingStart(epochs, batches, n, 0, metric, engine);
        listeners.forEach(l -> l.onTrainingStart(plan));

        long start = System.nanoTime();
        long steps = 0;
        long shardNanos = 0;
        long driverNanos = 0;
        double baseRate = optimizer.learningRate();
        List<EpochRecord> records = new ArrayList<>();
        StopReason reason = StopReason.COMPLETED;
        String message = "";
        double[] sum = new double[total];
        for (int epoch = 1; epoch <= epochs && reason == StopReason.COMPLETED; epoch++) {
            long epochStart = System.nanoTime();
            schedule.apply(optimizer, baseRate, epoch - 1);
            int[] order = batchRng.permutation(n);
            double lossSum = 0;
            double[] normSums = new double[params.size()];
            for (int b = 0; b < batches && steps < stepLimit; b++) {
                int[] batch = Arrays.copyOfRange(order, b * s.batchSize(), Math.min(n, (b + 1) * s.batchSize()));
                Broadcast<float[]> weights = spark.broadcast(flatten(params, total));
                List<ShardResult> results;
                try {
                    results = data.shards().mapPartitions(new ShardGradients(run, specText, features, loss.name(),
                            classification, weights, batch, offsets, steps + 1, hook), false).collect();
                } finally {
                    weights.destroy();
                }
                long sumStart = System.nanoTime();
                Arrays.fill(sum, 0);
                double value = 0;
                long slowest = 0;
                for (ShardResult r : results) {
                    slowest = Math.max(slowest, r.nanos());
                    if (r.rows() == 0) {
                        continue;
                    }
                    value += r.loss();
                    float[] g = r.gradient();
                    for (int i = 0; i < total; i++) {
                        sum[i] += g[i];
                    }
                }
                int at = 0;
                for (int p = 0; p < params.size(); p++) {
                    float[] g = grads[p].floatData();
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) sum[at++];
                    }
                    normSums[p] += norm(g);
                }
                reg.addToGradients(params);
                optimizer.step();
                steps++;
                driverNanos += System.nanoTime() - sumStart;
                shardNanos += slowest;
                double batchLoss = value;
                if (!Double.isFinite(batchLoss)) {
                    reason = StopReason.DIVERGED;
                    message = String.format(Locale.ROOT, "training stopped: the loss became %s at step %d (epoch %d); "
                            + "the learning rate %.3g is probably too high", Double.isNaN(batchLoss) ? "NaN" : "infinite",
                            steps, epoch, optimizer.learningRate());
                    break;
                }
                lossSum += batchLoss * batch.length;
                int epochNo = epoch;
                int batchNo = b + 1;
                listeners.forEach(l -> l.onBatchEnd(epochNo, batchNo, batches, batchLoss));
            }
            if (reason == StopReason.DIVERGED) {
                break;
            }
            long now = System.nanoTime();
            Map<String, Double> norms = new LinkedHashMap<>();
            int i = 0;
            for (String name : named.keySet()) {
                norms.put(name, normSums[i++] / batches);
            }
            EpochRecord record = new EpochRecord(epoch, lossSum / n, Double.NaN, metric, Double.NaN,
                    optimizer.learningRate(), (now - epochStart) / 1e9, (now - start) / 1e9, steps, norms);
            records.add(record);
            listeners.forEach(l -> l.onEpochEnd(record));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        History history = new History(records, reason, message, 0, reason == StopReason.DIVERGED ? 0 : records.size(),
                engine);
        listeners.forEach(l -> l.onTrainingEnd(history));

        Map<String, Object> settings = new LinkedHashMap<>(s.toMap());
        settings.remove("validationFraction");
        settings.remove("patience");
        settings.remove("threads");
        settings.put("learningRate", rate);
        settings.put("loss", loss.name());
        settings.put("spec", specText);
        settings.put("epochs", (long) epochs);
        settings.put("spark", sparkInfo(data.partitions()));
        Provenance provenance = new Provenance(Provenance.LIBRARY_VERSION, System.getProperty("java.version"), s.seed(),
                settings, datasetName, data.fingerprint(), seconds, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                engine);
        network.eval();
        TrainedModel model = new TrainedModel(network, schema.task(), data.scaler(), schema.featureNames(),
                schema.targetName(), schema.classNames(), loss.name(), provenance);
        return new Result(model, history, data.partitions(), steps, seconds, shardNanos / 1e9, driverNanos / 1e9);
    }

    private Map<String, Object> sparkInfo(int partitions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sparkVersion", spark.version());
        m.put("master", spark.master());
        m.put("partitions", (long) partitions);
        m.put("defaultParallelism", (long) spark.defaultParallelism());
        return m;
    }

    private static float[] flatten(List<Variable> params, int total) {
        float[] flat = new float[total];
        int at = 0;
        for (Variable p : params) {
            float[] w = p.value().floatData();
            System.arraycopy(w, 0, flat, at, w.length);
            at += w.length;
        }
        return flat;
    }

    private static double norm(float[] g) {
        double s = 0;
        for (float v : g) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
