package org.backprop.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop.autograd.Variable;
import org.backprop.data.Batch;
import org.backprop.data.Dataset;
import org.backprop.data.MiniBatches;
import org.backprop.data.Task;
import org.backprop.engine.GraphForward;
import org.backprop.engine.TrainingStep;
import org.backprop.engine.TrainingSteps;
import org.backprop.loss.Loss;
import org.backprop.metrics.RegressionMetrics;
import org.backprop.nn.Module;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * The training loop: for each epoch, shuffle, run every mini-batch through a {@link TrainingStep}
 * (made by {@link TrainingSteps#create}, so the fastest engine is used), then measure the
 * validation loss and metric, record an {@link EpochRecord}, tell the listeners, and decide
 * whether to stop.
 *
 * <p>It stops early when the validation loss has not improved for {@link EarlyStopping#patience()}
 * epochs, and at once when a batch loss becomes NaN or infinite: weights that have seen a NaN
 * gradient are lost, so the {@link History} says at which step, what the last finite loss was, and
 * that the learning rate is the usual culprit.
 *
 * <p>Deterministic: the batch order comes from the {@link Rng} given to {@link #fit}, so the same
 * seed gives the same weights.
 */
public final class Trainer {
    private final TrainerConfig config;
    private final List<TrainingListener> listeners;

    /** A trainer with {@code config}, telling {@code listeners} what happens. */
    public Trainer(TrainerConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** The configuration. */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Trains {@code model} on {@code train}.
     *
     * @param validation the validation set, or {@code null}
     * @param rng        the source of the batch order
     * @return the history; the model holds the kept weights (best or last)
     */
    public History fit(Module model, Loss loss, Optimizer optimizer, Regularization regularization, Dataset train,
                       Dataset validation, Rng rng) {
        TrainingStep step = TrainingSteps.create(model, loss, optimizer, regularization, config.threads());
        String metric = train.task() == Task.CLASSIFICATION ? "accuracy" : "r2";
        int batches = MiniBatches.count(train.size(), config.batchSize());
        TrainingStart outline = new TrainingStart(config.epochs(), batches, train.size(),
                validation == null ? 0 : validation.size(), metric, step.name());
        listeners.forEach(l -> l.onTrainingStart(outline));

        Map<String, Variable> params = model.namedParameters();
        double baseRate = optimizer.learningRate();
        List<EpochRecord> records = new ArrayList<>();
        long start = System.nanoTime();
        long steps = 0;
        double lastFinite = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Map<String, Tensor> bestWeights = null;
        int sinceBest = 0;
        StopReason reason = StopReason.COMPLETED;
        String message = "";
        EarlyStopping early = config.earlyStopping();

        for (int epoch = 1; epoch <= config.epochs() && reason == StopReason.COMPLETED; epoch++) {
            long epochStart = System.nanoTime();
            config.schedule().apply(optimizer, baseRate, epoch - 1);
            double lossSum = 0;
            int rows = 0;
            double[] normSums = new double[params.size()];
            int b = 0;
            model.train();
            for (Batch batch : new MiniBatches(train, config.batchSize(), rng)) {
                b++;
                double l = step.step(batch.inputs(), batch.targets());
                steps++;
                if (!Double.isFinite(l)) {
                    reason = StopReason.DIVERGED;
                    message = divergedMessage(l, steps, epoch, b, batches, lastFinite, optimizer.learningRate());
                    break;
                }
                lastFinite = l;
                lossSum += l * batch.size();
                rows += batch.size();
                addNorms(params, normSums);
                int epochNo = epoch;
                int batchNo = b;
                listeners.forEach(li -> li.onBatchEnd(epochNo, batchNo, batches, l));
            }
            if (reason == StopReason.DIVERGED) {
                break;
            }
            double valLoss = Double.NaN;
            double valMetric = Double.NaN;
            if (validation != null) {
                double[] lm = lossAndMetric(model, loss, validation);
                valLoss = lm[0];
                valMetric = lm[1];
            }
            long now = System.nanoTime();
            Map<String, Double> norms = new LinkedHashMap<>();
            int i = 0;
            for (String name : params.keySet()) {
                norms.put(name, normSums[i++] / Math.max(1, b));
            }
            EpochRecord record = new EpochRecord(epoch, lossSum / Math.max(1, rows), valLoss, metric, valMetric,
                    optimizer.learningRate(), (now - epochStart) / 1e9, (now - start) / 1e9, steps, norms);
            records.add(record);
            listeners.forEach(l -> l.onEpochEnd(record));
            if (validation != null && Double.isFinite(valLoss)) {
                if (valLoss < bestLoss - early.minDelta()) {
                    bestLoss = valLoss;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    if (early.restore() == EarlyStopping.Restore.BEST_WEIGHTS) {
                        bestWeights = model.stateDict();
                    }
                } else {
                    sinceBest++;
                    if (early.enabled() && sinceBest >= early.patience()) {
                        reason = StopReason.EARLY_STOPPED;
                        message = String.format(Locale.ROOT, "stopped early after epoch %d: the validation loss has not "
                                + "improved for %d epochs (best %.4f at epoch %d)", epoch, sinceBest, bestLoss, bestEpoch);
                    }
                }
            }
        }
        int kept = records.size();
        if (bestWeights != null && bestEpoch != kept) {
            model.loadStateDict(bestWeights);
            kept = bestEpoch;
            if (reason != StopReason.DIVERGED) {
                message += (message.isEmpty() ? "" : "; ") + "restored the weights of epoch " + bestEpoch;
            }
        } else if (reason == StopReason.DIVERGED) {
            kept = 0;
        }
        model.eval();
        History history = new History(records, reason, message, bestEpoch, kept, step.name());
        listeners.forEach(l -> l.onTrainingEnd(history));
        return history;
    }

    private static String divergedMessage(double loss, long step, int epoch, int batch, int batches, double lastFinite,
                                          double rate) {
        String last = Double.isNaN(lastFinite) ? "there was no finite loss before it"
                : String.format(Locale.ROOT, "the last finite loss was %.6g at step %d", lastFinite, step - 1);
        return String.format(Locale.ROOT, "training stopped: the loss became %s at step %d (epoch %d, batch %d of %d); "
                        + "%s. The learning rate %s is probably too high: try a lower one, such as --lr %s",
                Double.isNaN(loss) ? "NaN" : "infinite", step, epoch, batch, batches, last, fmt(rate), fmt(rate / 10));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    /** Adds each parameter's gradient L2 norm to {@code sums}. */
    private static void addNorms(Map<String, Variable> params, double[] sums) {
        int i = 0;
        for (Variable p : params.values()) {
            Tensor g = p.grad();
            double s = 0;
            if (g != null) {
                if (g.dtype() == DType.FLOAT32) {
                    for (float v : g.floatData()) {
                        s += (double) v * v;
                    }
                } else {
                    for (double v : g.doubleData()) {
                        s += v * v;
                    }
                }
            }
            sums[i++] += Math.sqrt(s);
        }
    }

    /**
     * The loss and the metric ({@code accuracy} or {@code R²}) of {@code model} on {@code data}, in
     * evaluation mode (no dropout). The model is left in evaluation mode.
     */
    public static double[] lossAndMetric(Module model, Loss loss, Dataset data) {
        model.eval();
        GraphForward pass = GraphForward.run(model, loss, data.features(), data.targets());
        double l = pass.loss().value().item();
        Tensor y = pass.output().value();
        double metric;
        if (data.task() == Task.CLASSIFICATION) {
            int[] predicted = y.argmaxRows();
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == data.label(i) ? 1 : 0;
            }
            metric = correct / (double) Math.max(1, predicted.length);
        } else {
            metric = RegressionMetrics.of(y, data.values()).r2();
        }
        return new double[] {l, metric};
    }
}
