package org.backprop.loop;

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
import org.backprop.engine.Predictor;
import org.backprop.engine.TrainingStep;
import org.backprop.engine.TrainingSteps;
import org.backprop.loss.Loss;
import org.backprop.metrics.RegressionMetrics;
import org.backprop.nn.Module;
import org.backprop.optim.GradientPipeline;
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
 * <p>Between each batch's backward pass and its update, the weight penalties, the
 * {@linkplain TrainerConfig#clipping() clipping} and the {@linkplain TrainerConfig#hooks() hooks}
 * act on the gradients (a {@link GradientPipeline}), in whichever engine runs: clipping does not
 * make a dense network leave the fused engine. {@link TrainingListener#onBatchEnd} is the per-step
 * callback, after the update.
 *
 * <p>Deterministic: the batch order comes from the {@link Rng} given to {@link #fit}, so the same
 * seed gives the same weights.
 *
 * <p>A trainer holds no state between runs and may be reused, but one {@link #fit} call trains one
 * model on the calling thread; do not train the same model from two threads.
 */
public final class Trainer {
    private final TrainerConfig config;
    private final List<TrainingListener> listeners;

    /**
     * A trainer with {@code config}, telling {@code listeners} what happens.
     *
     * @param config    how to loop
     * @param listeners told of every batch and epoch, in order
     */
    public Trainer(TrainerConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Trains {@code model} on {@code train}.
     *
     * @param validation the validation set, or {@code null}
     * @param rng        the source of the batch order
     * @return the history; the model holds the kept weights (best or last)
     * @param model          the model to train
     * @param loss           the loss
     * @param optimizer      the optimiser over the model's parameters
     * @param regularization the weight penalties
     * @param train          the training set
     */
    public History fit(Module model, Loss loss, Optimizer optimizer, Regularization regularization, Dataset train,
                       Dataset validation, Rng rng) {
        return fit(model, loss, optimizer, regularization, train, validation, rng, null);
    }

    /**
     * Trains {@code model} on {@code train}, saving {@link Checkpoints} as their policy says and
     * first resuming from the newest intact one, if any: the weights, the optimiser's state, the
     * generators and the position in the data are restored, so the run ends with exactly the
     * weights it would have had without the interruption.
     *
     * @param validation  the validation set, or {@code null}
     * @param rng         the source of the batch order
     * @param checkpoints where to save and resume from, or {@code null} for none
     * @return the history; the model holds the kept weights (best or last)
     * @param model          the model to train
     * @param loss           the loss
     * @param optimizer      the optimiser over the model's parameters
     * @param regularization the weight penalties
     * @param train          the training set
     */
    public History fit(Module model, Loss loss, Optimizer optimizer, Regularization regularization, Dataset train,
                       Dataset validation, Rng rng, Checkpoints checkpoints) {
        GradientPipeline gradients = new GradientPipeline(regularization, config.clipping(), config.hooks());
        TrainingStep step = TrainingSteps.create(model, loss, optimizer, gradients, config.threads());
        try {
            return run(step, model, loss, optimizer, train, validation, rng, checkpoints);
        } finally {
            if (step instanceof AutoCloseable c) { // the engine's worker threads stop now, not when collected
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the training step: " + e.getMessage(), e);
                }
            }
        }
    }

    private History run(TrainingStep step, Module model, Loss loss, Optimizer optimizer, Dataset train,
                        Dataset validation, Rng rng, Checkpoints checkpoints) {
        String metric = train.task() == Task.CLASSIFICATION ? "accuracy" : "r2";
        int batches = MiniBatches.count(train.size(), config.batchSize());
        TrainingStart outline = new TrainingStart(config.epochs(), batches, train.size(),
                validation == null ? 0 : validation.size(), metric, step.name());
        Map<String, Variable> params = model.namedParameters();
        TrainingProgress p = checkpoints == null ? null : checkpoints.resume(model, optimizer, rng);
        if (p == null) {
            p = new TrainingProgress(optimizer.learningRate(), params.size());
        }
        listeners.forEach(l -> l.onTrainingStart(outline));

        long start = System.nanoTime() - (long) (p.elapsedBefore * 1e9);
        EarlyStopping early = config.earlyStopping();
        java.util.Set<TrainerConfig.Diagnostic> figures = config.diagnostics();
        boolean norms = figures.contains(TrainerConfig.Diagnostic.GRADIENT_NORMS);
        boolean trainMetric = figures.contains(TrainerConfig.Diagnostic.TRAIN_METRIC);
        boolean summaries = figures.contains(TrainerConfig.Diagnostic.WEIGHT_SUMMARIES);
        Variable[] parameters = params.values().toArray(new Variable[0]);
        TrainingListener[] told = listeners.toArray(new TrainingListener[0]);
        MiniBatches.Epochs epochs = new MiniBatches.Epochs(train, config.batchSize());
        // Per epoch, with no validation rows and no diagnostics, nothing but the step is costly: one clock
        // reading (an epoch starts when the one before it ended), no allocation but the epoch's record,
        // and the mode switched only when a measurement in evaluation mode switched it.
        boolean evaluates = validation != null || trainMetric;
        model.train();
        long epochStart = System.nanoTime();

        while (p.epoch <= config.epochs() && p.reason == StopReason.COMPLETED) {
            int epoch = p.epoch;
            if (p.batch == 0) {
                if (checkpoints != null) {
                    p.epochStart = rng.state();
                }
                p.lossSum = 0;
                p.rows = 0;
                if (norms) {
                    java.util.Arrays.fill(p.normSums, 0);
                }
            }
            optimizer.setLearningRate(p.baseRate * config.schedule().factor(epoch - 1) * p.rateFactor);
            Tensor[] startWeights = summaries ? copies(parameters) : null;
            if (evaluates) {
                model.train();
            }
            epochs.shuffle(rng);
            int b = p.batch; // batches taken before the checkpoint this run resumed from are skipped
            while (b < batches) {
                Batch batch = epochs.batch(b++); // used before the next one overwrites it
                double l = step.step(batch.inputs(), batch.targets());
                p.steps++;
                if (!Double.isFinite(l)) {
                    p.reason = StopReason.DIVERGED;
                    p.message = divergedMessage(l, p.steps, epoch, b, batches, p.lastFinite, optimizer.learningRate());
                    break;
                }
                p.lastFinite = l;
                p.lossSum += l * batch.size();
                p.rows += batch.size();
                p.batch = b;
                if (norms) {
                    addNorms(parameters, p.normSums);
                }
                for (TrainingListener li : told) { // a plain loop: no capturing lambda per step
                    li.onBatchEnd(epoch, b, batches, l);
                }
                if (checkpoints != null && b < batches && checkpoints.due(p.steps)) {
                    p.elapsedBefore = (System.nanoTime() - start) / 1e9;
                    checkpoints.save(p, model, optimizer);
                }
            }
            if (p.reason == StopReason.DIVERGED) {
                break;
            }
            double valLoss = Double.NaN;
            double valMetric = Double.NaN;
            if (validation != null) {
                double[] lm = lossAndMetric(model, loss, validation);
                valLoss = lm[0];
                valMetric = lm[1];
            }
            double meanLoss = p.lossSum / Math.max(1, p.rows);
            Map<String, Double> meanNorms = norms ? meanNorms(params, p.normSums, b) : Map.of();
            double metricNow = trainMetric ? metric(model, loss, train) : Double.NaN;
            Map<String, WeightSummary> weights = summaries ? weightSummaries(params, startWeights) : Map.of();
            long now = System.nanoTime();
            double seconds = (now - epochStart) / 1e9;
            double elapsed = (now - start) / 1e9;
            // the history keeps the figures in columns; a record object only for the listeners, if any
            p.records.add(epoch, meanLoss, valLoss, metric, valMetric, optimizer.learningRate(), seconds, elapsed,
                    p.steps, meanNorms, metricNow, weights);
            if (told.length > 0) {
                EpochRecord record = new EpochRecord(epoch, meanLoss, valLoss, metric, valMetric, optimizer.learningRate(),
                        seconds, elapsed, p.steps, meanNorms, metricNow, weights);
                for (TrainingListener li : told) {
                    li.onEpochEnd(record);
                }
            }
            if (validation == null && early.enabled()) {
                // No validation rows: stop when the training loss has converged, and keep the last weights.
                if (meanLoss < p.bestLoss - early.minDelta()) {
                    p.bestLoss = meanLoss;
                    p.sinceBest = 0;
                } else if (++p.sinceBest >= early.patience()) {
                    p.reason = StopReason.CONVERGED;
                    p.message = String.format(Locale.ROOT, "stopped after epoch %d: the training loss has not improved by "
                            + "more than %s for %d epochs (no validation rows to stop on)", epoch, fmt(early.minDelta()),
                            p.sinceBest);
                }
            }
            if (validation != null && Double.isFinite(valLoss)) {
                boolean better = early.improves(valLoss, valMetric, p.bestLoss, p.bestMetric);
                boolean progress = early.progresses(better, valLoss, p.lowestLoss);
                p.lowestLoss = Math.min(p.lowestLoss, valLoss);
                if (better) {
                    p.bestLoss = valLoss;
                    p.bestMetric = valMetric;
                    p.bestEpoch = epoch;
                    if (early.restore() == EarlyStopping.Restore.BEST_WEIGHTS) {
                        p.bestWeights = model.stateDict();
                    }
                }
                if (progress) {
                    p.sinceBest = 0;
                } else {
                    p.sinceBest++;
                    if (early.enabled() && p.sinceBest >= early.patience()) {
                        p.reason = StopReason.EARLY_STOPPED;
                        p.message = early.monitor() == EarlyStopping.Monitor.METRIC
                                ? String.format(Locale.ROOT, "stopped early after epoch %d: neither the validation %s nor "
                                + "the validation loss has improved for %d epochs (best %s %.4f at epoch %d)", epoch, metric,
                                p.sinceBest, metric, p.bestMetric, p.bestEpoch)
                                : String.format(Locale.ROOT, "stopped early after epoch %d: the validation loss has not "
                                + "improved for %d epochs (best %.4f at epoch %d)", epoch, p.sinceBest, p.bestLoss, p.bestEpoch);
                    }
                }
            }
            if (p.reason == StopReason.COMPLETED) {
                double m = config.plateau().multiplierAfter(p.sinceBest);
                if (m != 1) {
                    p.rateFactor *= m;
                    p.rateCuts++;
                }
            }
            p.epoch++;
            p.batch = 0;
            if (checkpoints != null) {
                p.epochStart = rng.state();
                p.elapsedBefore = (System.nanoTime() - start) / 1e9;
                checkpoints.save(p, model, optimizer);
            }
            // the next epoch starts now: after saving and keeping the best weights, which are not its work
            epochStart = checkpoints != null || validation != null ? System.nanoTime() : now;
        }
        List<EpochRecord> records = p.records.frozen();
        int kept = records.size();
        String message = p.reason == StopReason.COMPLETED ? "ran all " + records.size() + " epochs" : p.message;
        if (p.bestWeights != null && p.bestEpoch != kept) {
            model.loadStateDict(p.bestWeights);
            kept = p.bestEpoch;
            if (p.reason != StopReason.DIVERGED) {
                message += (message.isEmpty() ? "" : "; ") + "restored the weights of epoch " + p.bestEpoch;
            }
        } else if (p.reason == StopReason.DIVERGED) {
            kept = 0;
        } else if (p.bestWeights != null) {
            message += early.monitor() == EarlyStopping.Monitor.METRIC
                    ? "; kept the last epoch's weights (the best validation " + metric + ")"
                    : "; kept the last epoch's weights (the lowest validation loss)";
        }
        if (p.rateCuts > 0 && p.reason != StopReason.DIVERGED) {
            message += String.format(Locale.ROOT, "; the learning rate was lowered %d time%s on plateaus (to %s)", p.rateCuts,
                    p.rateCuts == 1 ? "" : "s", fmt(p.baseRate * p.rateFactor));
        }
        model.eval();
        History history = new History(records, p.reason, message, p.bestEpoch, kept, step.name());
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

    /** A copy of every parameter's value. */
    private static Tensor[] copies(Variable[] parameters) {
        Tensor[] c = new Tensor[parameters.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = parameters[i].value().copy();
        }
        return c;
    }

    /** Each parameter's summary against its value at the epoch's start, by name. */
    private static Map<String, WeightSummary> weightSummaries(Map<String, Variable> params, Tensor[] startWeights) {
        Map<String, WeightSummary> weights = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Variable> e : params.entrySet()) {
            weights.put(e.getKey(), WeightSummary.of(startWeights[i++], e.getValue().value()));
        }
        return weights;
    }

    /** Each parameter's mean gradient norm over the epoch's {@code steps} steps, by name. */
    private static Map<String, Double> meanNorms(Map<String, Variable> params, double[] sums, int steps) {
        Map<String, Double> norms = new LinkedHashMap<>();
        int i = 0;
        for (String name : params.keySet()) {
            norms.put(name, sums[i++] / Math.max(1, steps));
        }
        return norms;
    }

    /** Adds each parameter's gradient L2 norm to {@code sums}. */
    private static void addNorms(Variable[] params, double[] sums) {
        int i = 0;
        for (Variable p : params) {
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
     *
     * @param model the model
     * @param loss  the loss
     * @param data  the rows to measure on
     * @return {@code {loss, metric}}
     */
    public static double[] lossAndMetric(Module model, Loss loss, Dataset data) {
        model.eval();
        GraphForward pass = GraphForward.run(model, loss, data.features(), data.targets());
        return new double[] {pass.loss().value().item(), metricOf(pass.output().value(), data)};
    }

    /**
     * The metric of {@code model} on {@code data} (accuracy, or R² for regression), without the loss:
     * on the fast {@link Predictor} when the model is a plain dense network — the per-epoch
     * training-metric pass over every training row would otherwise build a graph each epoch, which
     * dominated short epochs — else through the graph as {@link #lossAndMetric} does.
     */
    static double metric(Module model, Loss loss, Dataset data) {
        java.util.Optional<Predictor> fast = Predictor.ofPlainDense(model);
        return fast.isPresent() ? metricOf(fast.get().predict(data.features()), data) : lossAndMetric(model, loss, data)[1];
    }

    /** Accuracy of the rows' argmax against the labels, or R² against the values. */
    private static double metricOf(Tensor y, Dataset data) {
        if (data.task() == Task.CLASSIFICATION) {
            int[] predicted = y.argmaxRows();
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == data.label(i) ? 1 : 0;
            }
            return correct / (double) Math.max(1, predicted.length);
        }
        return RegressionMetrics.of(y, data.values()).r2();
    }
}
