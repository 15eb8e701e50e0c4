package org.backprop.train;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.backprop.data.DataSplit;
import org.backprop.data.Dataset;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Splits;
import org.backprop.loop.Checkpoints;
import org.backprop.loop.EarlyStopping;
import org.backprop.loop.History;
import org.backprop.loop.PlateauDecay;
import org.backprop.loop.StopReason;
import org.backprop.loop.Trainer;
import org.backprop.loop.TrainerConfig;
import org.backprop.loop.TrainingListener;
import org.backprop.loss.Loss;
import org.backprop.model.Evaluation;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.optim.ScheduleKind;
import org.backprop.random.Rng;

/**
 * One whole training run, as {@code backprop train} does it: split the data (stratified, seeded),
 * fit the feature scaler on the training rows, build the network with the output layer and loss
 * matched to the task, train with the {@link Trainer}, and measure every split.
 *
 * <p>The seed's {@link Rng} is forked into independent streams for the split (1), the initial
 * weights and dropout (2) and the batch order (3), so changing one (say the batch size) does not
 * change the others.
 */
public final class Training {
    /** The stream of the seed's {@link Rng} that cuts the split (see the class comment). */
    private static final long SPLIT_STREAM = 1;

    private Training() {
    }

    /**
     * The network spec the settings give for {@code data}.
     *
     * @param s    the settings
     * @param data the data it must fit
     * @return the whole network spec
     */
    public static NetworkSpec networkSpec(TrainingSettings s, Dataset data) {
        return TrainingDefaults.networkSpec(s.layers(), s.activation(), data.task(), data.outputCount());
    }

    /**
     * Resolves the settings against the data, once: the network spec (output layer matched to the
     * task), the loss, the learning rate, the split (seeded, stratified), the epochs and the trainer's
     * configuration. Nothing is built or trained.
     *
     * @param data    all rows (split by the run)
     * @param ownTest a test set that comes with the data (such as MNIST's), or {@code null} to cut one from {@code data}
     * @throws IllegalArgumentException for settings that do not fit the data, naming what does not fit
     * @param s       the settings
     * @return the plan
     */
    public static TrainingPlan plan(Dataset data, Dataset ownTest, TrainingSettings s) {
        return plan(data, ownTest, s, null);
    }

    /**
     * As {@link #plan(Dataset, Dataset, TrainingSettings)}, fine-tuning {@code init} when it is
     * given: its network spec is used (checked against the data by {@link #checkFits}).
     *
     * @param init the model to start from, or {@code null} for a random initialisation
     * @throws IllegalArgumentException for settings, or an initial model, that do not fit the data
     * @param data    all rows
     * @param ownTest the test set that comes with the data, or {@code null} to cut one
     * @param s       the settings
     * @return the plan
     */
    public static TrainingPlan plan(Dataset data, Dataset ownTest, TrainingSettings s, TrainedModel init) {
        if (init != null) {
            checkFits(init, data);
        }
        NetworkSpec spec = init != null ? init.network().spec() : networkSpec(s, data);
        Loss loss = TrainingDefaults.loss(s.loss(), data.task(), spec);
        double rate = Double.isNaN(s.learningRate()) ? s.optimizer().defaultLearningRate() : s.learningRate();
        double vf = validationFraction(s, data.size());
        Rng splitRng = new Rng(s.seed()).fork(SPLIT_STREAM);
        DataSplit split = ownTest == null ? Splits.split(data, vf, s.testFraction(), splitRng)
                : Splits.withTest(data, vf, ownTest, splitRng);
        int epochs = epochs(s, split.train().size());
        TrainerConfig config = new TrainerConfig(epochs, s.batchSize(), EarlyStopping.patience(s.patience(), s.stopOn()),
                s.threads(), s.schedule().schedule(epochs)).withClipping(s.clipping())
                .withPlateau(s.schedule() == ScheduleKind.PLATEAU ? PlateauDecay.halfOf(s.patience()) : PlateauDecay.NONE);
        Regularization reg = s.regularization();
        return new TrainingPlan(data, ownTest, init, s, split, split.hasValidation() ? vf : 0.0, spec,
                spec.parameterCount(data.featureCount()), loss, rate, config, reg);
    }

    /**
     * The epochs a run of {@code s} on {@code trainRows} training rows may take: {@code s.epochs()},
     * or for 0 the {@link TrainingSettings#EPOCH_BUDGET}.
     *
     * @param s         the settings
     * @param trainRows the training rows
     * @return the most epochs
     */
    public static int epochs(TrainingSettings s, int trainRows) {
        return s.epochs() > 0 ? s.epochs() : TrainingSettings.EPOCH_BUDGET.epochs(trainRows, s.batchSize());
    }

    /**
     * The share of the data's {@code rows} that validates: {@code s.validationFraction()},
     * or for NaN (the default) {@link TrainingSettings#VALIDATION_FRACTION} when that gives at least
     * {@link TrainingSettings#MIN_VALIDATION_ROWS} rows, else 0 — a handful of validation rows picks
     * an epoch by chance, so small data trains on every row and stops when the training loss converges.
     *
     * @param s    the settings
     * @param rows the data's rows
     * @return the validation share
     */
    public static double validationFraction(TrainingSettings s, int rows) {
        if (!Double.isNaN(s.validationFraction())) {
            return s.validationFraction();
        }
        return rows * TrainingSettings.VALIDATION_FRACTION >= TrainingSettings.MIN_VALIDATION_ROWS
                ? TrainingSettings.VALIDATION_FRACTION : 0;
    }

    /**
     * Plans and runs training: {@code run(plan(data, ownTest, s), listeners)}.
     *
     * @throws IllegalArgumentException for settings that do not fit the data
     * @param data      all rows
     * @param ownTest   the test set that comes with the data, or {@code null}
     * @param s         the settings
     * @param listeners told of the progress
     * @return the trained model, its history and its evaluations
     */
    public static TrainingResult run(Dataset data, Dataset ownTest, TrainingSettings s, List<TrainingListener> listeners) {
        return run(plan(data, ownTest, s, null), listeners);
    }

    /**
     * Runs training with checkpoints: saved into {@code checkpoints.directory()} after every epoch
     * (and every {@code everySteps} steps), and resumed from the newest intact one found there, so
     * a run killed at any moment and started again with the same data and settings ends with
     * exactly the weights of an uninterrupted run.
     *
     * @param checkpoints where and how often to save, or {@code null} for none
     * @param notes       receives one-line notices: where training resumed, damaged checkpoints skipped
     * @throws IllegalArgumentException for settings that do not fit the data, or a checkpoint made
     *                                  with other data or settings
     * @param data      all rows
     * @param ownTest   the test set that comes with the data, or {@code null}
     * @param s         the settings
     * @param listeners told of the progress
     * @return the trained model, its history and its evaluations
     */
    public static TrainingResult run(Dataset data, Dataset ownTest, TrainingSettings s, List<TrainingListener> listeners,
                                     Checkpoints.Policy checkpoints, java.util.function.Consumer<String> notes) {
        return run(plan(data, ownTest, s, null), listeners, checkpoints, notes);
    }

    /**
     * Checks that a model can be fine-tuned on {@code data}: the same task, the same number of
     * features, and for classification the same classes in the same order (for regression the same
     * number of outputs).
     *
     * @throws InitMismatchException naming every mismatch
     * @param init the model to start from
     * @param data the data to fine-tune it on
     */
    public static void checkFits(TrainedModel init, Dataset data) {
        List<String> problems = new java.util.ArrayList<>();
        if (init.task() != data.task()) {
            problems.add("the model is for " + init.task().label() + ", the data for " + data.task().label());
        }
        if (init.network().inputs() != data.featureCount()) {
            problems.add("the model takes " + init.network().inputs() + " features, the data has " + data.featureCount());
        }
        if (init.task() == data.task() && data.task() == org.backprop.data.Task.CLASSIFICATION
                && !init.classNames().equals(data.classNames())) {
            problems.add("the model's classes (" + names(init.classNames()) + ") are not the data's ("
                    + names(data.classNames()) + ")");
        } else if (init.task() == data.task() && init.network().outputs() != data.outputCount()) {
            problems.add("the model has " + init.network().outputs() + " outputs, the data " + data.outputCount());
        }
        if (!problems.isEmpty()) {
            throw new InitMismatchException("the initial model does not fit the data: " + String.join("; ", problems));
        }
    }

    /**
     * The model to fine-tune does not fit the data (task, features or classes): a problem of the
     * model given, not of a setting, so a caller can tell the two apart.
     */
    public static final class InitMismatchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** @param message every mismatch, in one line */
        public InitMismatchException(String message) {
            super(message);
        }
    }

    private static String names(List<String> names) {
        return names.size() <= 12 ? String.join(", ", names) : String.join(", ", names.subList(0, 10)) + ", … ("
                + names.size() + ")";
    }

    /**
     * Runs training, starting from {@code init}'s weights when it is given (fine-tuning): the
     * network is {@code init}'s (its spec; the settings' layers are not used), its scaler is kept
     * (not fitted again: the weights were learned on it), and training goes on from its weights.
     * Without {@code init} it is {@link #run(Dataset, Dataset, TrainingSettings, List)}.
     *
     * @param init the model to start from, or {@code null} for a random initialisation
     * @throws IllegalArgumentException for settings, or an initial model, that do not fit the data
     * @param data      all rows
     * @param ownTest   the test set that comes with the data, or {@code null}
     * @param s         the settings
     * @param listeners told of the progress
     * @return the trained model, its history and its evaluations
     */
    public static TrainingResult run(Dataset data, Dataset ownTest, TrainingSettings s, TrainedModel init,
                                     List<TrainingListener> listeners) {
        return run(plan(data, ownTest, s, init), listeners);
    }

    /**
     * Runs a planned training.
     *
     * @param listeners told about every batch and epoch
     * @return the result; check {@link TrainingResult#diverged()}
     * @param plan      the plan
     */
    public static TrainingResult run(TrainingPlan plan, List<TrainingListener> listeners) {
        return run(plan, listeners, null, note -> { });
    }

    /**
     * Runs a planned training with checkpoints (see
     * {@link #run(Dataset, Dataset, TrainingSettings, List, Checkpoints.Policy, java.util.function.Consumer)}).
     *
     * @param checkpoints where and how often to save, or {@code null} for none
     * @param notes       receives one-line notices: where training resumed, damaged checkpoints skipped
     * @param plan      the plan
     * @param listeners told of the progress
     * @return the trained model, its history and its evaluations
     */
    public static TrainingResult run(TrainingPlan plan, List<TrainingListener> listeners, Checkpoints.Policy checkpoints,
                                     java.util.function.Consumer<String> notes) {
        TrainingSettings s = plan.settings();
        Dataset data = plan.data();
        TrainedModel init = plan.init();
        Rng root = new Rng(s.seed());
        DataSplit split = plan.split();
        Rng initRng = root.fork(2);
        Rng batchRng = root.fork(3);
        FeatureScaler scaler = init != null ? init.scaler() : FeatureScaler.fit(s.scaling(), split.train().features());
        Network network = plan.spec().build(data.featureCount(), initRng);
        if (init != null) {
            network.loadStateDict(init.network().stateDict());
        }
        Optimizer optimizer = s.optimizer().create(network.parameters(), plan.learningRate());

        long start = System.nanoTime();
        Checkpoints saver = null;
        if (checkpoints != null) {
            // what the weights depend on: every setting but the thread count, and the data
            Map<String, Object> run = new java.util.LinkedHashMap<>(s.toMap());
            run.remove("threads");
            run.put("data", data.fingerprint());
            run.put("testData", plan.ownTest() == null ? "" : plan.ownTest().fingerprint());
            run.put("init", init == null ? "" : init.weightsSha256());
            saver = new Checkpoints(checkpoints, run, notes);
        }
        History history = new Trainer(plan.trainer(), listeners).fit(network, plan.loss(), optimizer, plan.regularization(),
                scaler.transform(split.train()), split.hasValidation() ? scaler.transform(split.validation()) : null, batchRng,
                saver);
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> settings = new java.util.LinkedHashMap<>(s.toMap());
        settings.put("learningRate", plan.learningRate());
        settings.put("loss", plan.loss().name());
        settings.put("spec", plan.spec().toString());
        settings.put("epochs", (long) plan.trainer().epochs());
        settings.put("validationFraction", plan.validationFraction());
        if (init != null) {
            settings.put("initWeightsSha256", init.weightsSha256());
            settings.put("scaling", scaler.kind().label());
        }
        Provenance provenance = new Provenance(Provenance.LIBRARY_VERSION, System.getProperty("java.version"), s.seed(),
                settings, data.name(), data.fingerprint(), seconds, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                history.engine());
        TrainedModel model = new TrainedModel(network, data.task(), scaler, data.featureNames(), data.targetName(),
                data.classNames(), plan.loss().name(), provenance);
        if (history.stopReason() == StopReason.DIVERGED) {
            return new TrainingResult(model, history, split, null, null, null, s, seconds);
        }
        return new TrainingResult(model, history, split, Evaluation.of(model, split.train()),
                split.hasValidation() ? Evaluation.of(model, split.validation()) : null,
                split.hasTest() ? Evaluation.of(model, split.test()) : null, s, seconds);
    }
}
