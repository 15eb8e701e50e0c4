package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.backprop.data.DataFormatException;
import org.backprop.data.Dataset;
import org.backprop.data.Task;
import org.backprop.io.Json;
import org.backprop.io.ModelFile;
import org.backprop.loop.EarlyStopping;
import org.backprop.loop.Checkpoints;
import org.backprop.loop.ProgressPrinter;
import org.backprop.loop.TrainingListener;
import org.backprop.loop.TrainingStart;
import org.backprop.model.TrainedModel;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.ScheduleKind;
import org.backprop.train.CrossValidation;
import org.backprop.train.Training;
import org.backprop.train.TrainingDefaults;
import org.backprop.train.TrainingPlan;
import org.backprop.train.TrainingReporter;
import org.backprop.train.TrainingResult;
import org.backprop.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop train}: load data, train, report, save the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network and save it as a model file.", "",
            "With no options it trains on the built-in 8x8 digits (builtin:digits)."})
public final class TrainCommand implements Callable<Integer> {
    /** The data used when {@code --data} is not given. */
    static final String DEFAULT_DATA = "builtin:digits";
    /** The defaults every option shows and starts from: the one place they are set. */
    private static final TrainingSettings DEFAULTS = TrainingDefaults.settings();

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--data", paramLabel = "SOURCE", description = {"A CSV file (header row), a directory of MNIST IDX "
            + "files, or builtin:NAME (xor, spirals, circles, moons, blobs, sine, iris, digits).",
        "Default: " + DEFAULT_DATA + "."})
    String data;

    @Option(names = "--test-data", paramLabel = "FILE", description = {"Measure the model on this CSV file (same "
            + "columns) instead of cutting a test split from --data."})
    Path testData;

    @Option(names = "--folds", paramLabel = "K", description = {"k-fold cross-validation: train K times, each fold "
            + "in turn the test set, and print the mean ± standard deviation of the test metric (no model is saved)."})
    Integer folds;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The label column of a CSV file (default: the last).")
    String label;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "auto",
            description = "classification, regression or auto (inferred from the label column). Default: ${DEFAULT-VALUE}.")
    String task;

    @Mixin
    TrainingOptions training;

    @Option(names = "--validation", paramLabel = "FRACTION",
            description = {"Share of rows held out for validation (early stopping picks the epoch on them). "
            + "Default: 0.1 when that is at least 100 rows; on less data every row trains and training stops when the "
            + "training loss converges."})
    Double validation;

    @Option(names = "--test", paramLabel = "FRACTION", description = "Share of rows held out for "
            + "the final test (ignored for IDX data, which has its own test files). Default: ${DEFAULT-VALUE}.")
    double test = DEFAULTS.testFraction();

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Stop after PATIENCE "
            + "epochs without a better validation score (see --stop-on; by more than 1e-4) and keep the best weights; "
            + "without validation rows, stop when the training loss has not improved for PATIENCE epochs; 0 = off. "
            + "Default: ${DEFAULT-VALUE}.")
    int patience = DEFAULTS.patience();

    @Option(names = "--stop-on", paramLabel = "SCORE", description = "The validation score early stopping watches and "
            + "keeps the best epoch by: metric (accuracy or R², ties broken by the lower loss, as scikit-learn does) or "
            + "loss. Default: ${DEFAULT-VALUE}.")
    String stopOn = DEFAULTS.stopOn().label();

    @Option(names = "--l1", paramLabel = "LAMBDA", description = "L1 weight penalty (pushes small weights to 0). "
            + "Default: ${DEFAULT-VALUE}.")
    double l1 = DEFAULTS.l1();

    @Option(names = "--clip-norm", paramLabel = "C", description = {"Clip the gradients before each update so that "
            + "their joint L2 norm is at most C: g ← g·min(1, C/‖g‖). 0 = no clipping. Default: ${DEFAULT-VALUE}."})
    double clipNorm = DEFAULTS.clipNorm();

    @Option(names = "--threads", paramLabel = "N", description = "Threads for training (results do not depend on it). "
            + "Default: the number of processors, at most 8.")
    Integer threads;

    @Option(names = "--init", paramLabel = "MODEL", description = {"Start from this model's weights instead of a random "
            + "initialisation (fine-tuning; such as one made by 'backprop import'): its network and scaling are kept, "
            + "--layers, --activation and --scaling are not used.",
            "It must fit the data: the same task, number of features, and classes."})
    Path init;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "backprop-model.json",
            description = "Where to save the model. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object on standard output (progress goes to standard error).")
    boolean json;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (a bar on a terminal, else lines), bar, lines, none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a visual training report (needs a report "
            + "module in the build).")
    Path report;

    @Option(names = "--plots", paramLabel = "DIR", description = "Also write the report's plots as images into DIR.")
    Path plots;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = {"Save a checkpoint (weights, optimiser "
            + "state, random generators, position in the data, history) into DIR after every epoch, atomically, so a "
            + "killed run can be resumed with --resume DIR.", "DIR must not hold checkpoints already (use --resume)."})
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0", description = "Also save a checkpoint "
            + "every N optimiser steps (0: after each epoch only). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", paramLabel = "K", defaultValue = "3", description = "Keep the newest K "
            + "checkpoints. Default: ${DEFAULT-VALUE}.")
    int keepCheckpoints;

    @Option(names = "--resume", paramLabel = "DIR", description = {"Continue the run whose checkpoints are in DIR "
            + "(give the same data and settings); it ends with exactly the weights of an uninterrupted run. A damaged "
            + "checkpoint is skipped with a warning and the one before it used; with none yet, training starts afresh.",
            "Checkpoints keep being saved into DIR."})
    Path resume;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        TrainingSettings settings = settings();
        Checkpoints.Policy checkpoints = checkpointPolicy();
        TrainingReporter reporter = report != null || plots != null ? reporter() : null;
        String source = data == null ? DEFAULT_DATA : data;
        Task taskChoice = parse(() -> Task.parse(task));
        new OutputPaths().input("--data", source.startsWith(DataSources.BUILTIN) ? null : Path.of(source))
                .file("--out", out).file("--report", report).directory("--plots", plots).check();
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads != null && threads > processors) {
            stderr.println("note: --threads " + threads + " is more than the " + processors + " processors; using "
                    + processors + " (the result does not depend on it)");
            stderr.flush();
        }

        TrainedModel initModel = init == null ? null : initModel();
        DataSources.Loaded loaded = DataSources.load(source, label, taskChoice, training.seed,
                initModel != null && initModel.task() == Task.CLASSIFICATION ? initModel.classNames() : null, null);
        Dataset d = loaded.data();
        Dataset testSet = testData == null ? loaded.ownTest() : testSet(source, loaded);
        check(folds == null || folds <= d.size(), "--folds must be at most the number of rows (" + d.size() + "), got " + folds);
        check(folds == null || initModel == null, "--folds and --init exclude each other: each fold trains from scratch");
        TrainingPlan plan;
        try {
            plan = parse(() -> Training.plan(d, testSet, settings, initModel));
        } catch (Training.InitMismatchException e) { // the model given does not fit: a failure, not a usage error
            throw new CommandFailure("--init " + init + ": " + e.getMessage());
        }
        if (!json && reporter == null) {
            // nobody reads the gradient norms, the training metric or the weight summaries: training runs at the step's speed
            plan = plan.recording(java.util.Set.of());
        }
        checkFitsInMemory(plan.spec(), d.featureCount());
        for (String w : DataWarnings.of(d, plan.validationFraction(),
                loaded.ownTest() == null && testData == null ? test : 0)) {
            stderr.println("warning: " + source + ": " + w);
        }
        stderr.flush();

        PrintWriter human = json ? new PrintWriter(java.io.Writer.nullWriter()) : stdout;
        if (data == null && !json) {
            human.println("No --data given: training on the built-in 8x8 handwritten digits (" + DEFAULT_DATA + ").");
            human.println("Your own data: backprop train --data FILE.csv [--label COLUMN]   (see backprop train --help)");
            human.println();
        }
        human.println("data     " + source + ": " + Describe.data(d) + (testData != null
                ? " + test file " + testData + ": " + testSet.size() + " rows"
                : loaded.ownTest() != null ? " + its own test set of " + loaded.ownTest().size() + " rows"
                + (folds != null ? " (not used by --folds)" : "") : ""));
        human.println("network  " + Describe.network(d.featureCount(), plan.spec()) + "  ("
                + Describe.count(plan.parameters()) + " parameters)"
                + (initModel != null ? ", weights from " + init + ", scaling " + initModel.scaler().kind().label() : ""));
        human.flush();
        String trainingLine = trainingLine(plan);
        TrainingListener announce = new TrainingListener() {
            private boolean done;

            @Override
            public void onTrainingStart(TrainingStart start) {
                if (!done) {
                    done = true;
                    human.println(String.format(Locale.ROOT, trainingLine, start.epochs()));
                    human.flush();
                }
            }
        };
        PrintWriter progressOut = json ? stderr : stdout;
        if (folds != null) {
            return crossValidate(stdout, source, d, settings, announce, progressOut);
        }

        List<TrainingListener> listeners = List.of(announce, new ProgressPrinter(progressOut, progressStyle()));
        TrainingResult result = Training.run(plan, listeners, checkpoints, note -> {
            stderr.println(note);
            stderr.flush();
        });
        if (result.diverged()) {
            throw new CommandFailure(result.history().message());
        }
        ModelFile.write(result.model(), out);
        List<String> failed = new ArrayList<>();
        if (reporter != null) {
            // The model is saved: a report or plots that fail now are said, not a failed run.
            extra(reporter, result, "--report", report, null, failed);
            extra(reporter, result, "--plots", null, plots, failed);
        }
        if (json) {
            Map<String, Object> m = jsonResult(source, result);
            if (!failed.isEmpty()) {
                m.put("warnings", failed);
            }
            stdout.println(Json.writePretty(m).stripTrailing());
        } else {
            summary(stdout, source, result);
        }
        for (String f : failed) {
            stderr.println("warning: " + f);
        }
        stderr.flush();
        return BackpropCli.OK;
    }

    /** The "training …" line of a plan, with {@code %d} for the number of epochs (known once the data is split). */
    private static String trainingLine(TrainingPlan plan) {
        TrainingSettings s = plan.settings();
        String rateText = fmt(plan.learningRate()) + (s.schedule() == ScheduleKind.CONSTANT ? "" : ", " + s.schedule().label());
        String stopping = s.patience() > 0 ? " (early stopping after " + s.patience() + " without improvement"
                + (plan.split().hasValidation() ? " of the validation " + s.stopOn().label() : "") + ")" : "";
        String clip = s.clipNorm() > 0 ? ", gradients clipped to norm " + fmt(s.clipNorm()) : "";
        return "training " + s.optimizer().label() + " (lr " + rateText.replace("%", "%%") + "), " + plan.loss().name()
                + " loss" + clip.replace("%", "%%") + ", batch " + s.batchSize() + ", " + (s.epochs() == 0 ? "up to %d epochs" : "%d epochs") + stopping
                + ", seed " + s.seed() + ", " + s.threads() + " thread" + (s.threads() == 1 ? "" : "s");
    }

    /** The rows of {@code --test-data}, read with the training data's columns and classes. */
    private Dataset testSet(String source, DataSources.Loaded loaded) {
        Dataset d = loaded.data();
        check(loaded.ownTest() == null, "--test-data: " + source + " has its own test files already");
        check(!testData.toString().startsWith(DataSources.BUILTIN) && !java.nio.file.Files.isDirectory(testData),
                "--test-data must be a CSV file, got " + testData);
        return DataSources.load(testData.toString(), d.targetName(), d.task(), training.seed,
                d.task() == Task.CLASSIFICATION ? d.classNames() : null, d.featureNames()).data();
    }

    /** {@code --folds K}: one line per fold and the mean ± std, or one JSON object. */
    private int crossValidate(PrintWriter stdout, String source, Dataset d, TrainingSettings settings,
                              TrainingListener announce, PrintWriter progressOut) {
        CrossValidation.Result cv;
        try {
            cv = CrossValidation.run(d, folds, settings, f -> List.of(announce, new ProgressPrinter(progressOut, progressStyle())));
        } catch (IllegalStateException e) {
            throw new CommandFailure(e.getMessage());
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", "train");
            m.put("data", source);
            m.put("task", d.task().label());
            m.put("network", cv.folds().get(0).result().model().network().spec().toString());
            m.put("crossValidation", cv.toMap());
            m.put("settings", cv.folds().get(0).result().model().provenance().settings());
            stdout.println(Json.writePretty(m).stripTrailing());
        } else {
            for (CrossValidation.Fold f : cv.folds()) {
                stdout.println(String.format(Locale.ROOT, "fold %-4d%s %.4f  (%d train, %d test; %s)", f.fold(),
                        cv.metricName(), f.metric(), f.trainRows(), f.testRows(), f.result().history().message()));
            }
            stdout.println("cv       " + cv.headline());
            stdout.println("         (no model saved: cross-validation measures the settings; train without --folds to save one)");
        }
        stdout.flush();
        return BackpropCli.OK;
    }

    /** Writes the report or the plots; a failure is added to {@code failed} in words (the model is already saved). */
    private void extra(TrainingReporter writer, TrainingResult result, String option, Path reportFile, Path plotsDir,
                       List<String> failed) {
        Path target = reportFile != null ? reportFile : plotsDir;
        if (target == null) {
            return;
        }
        try {
            writer.write(result, reportFile, plotsDir);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : e.getMessage() == null ? "write error" : e.getMessage();
            failed.add(option + " " + target + " could not be written (" + why + "); the model was saved to " + out);
        }
    }

    /**
     * Refuses (as a usage error) a network whose training would not fit in the Java heap: the
     * weights, their gradients, two optimiser moments and a copy of the best weights, 5 float32
     * values per parameter, plus a layer too large for one array.
     */
    private void checkFitsInMemory(NetworkSpec spec, int inputs) {
        long params = spec.parameterCount(inputs);
        long bytes = params * 4 * 5;
        long max = Runtime.getRuntime().maxMemory();
        boolean layerTooLarge = spec.firstOversizedLayer(inputs) >= 0;
        if (layerTooLarge || bytes > max * 8 / 10) {
            throw new UsageException(String.format(Locale.ROOT, "--layers %s: the network (%s) has %s parameters; training "
                    + "needs about %.1f GB for weights, gradients and optimiser state, more than the %.1f GB Java may use "
                    + "(-Xmx)%s; use smaller layers, or give Java more memory (BACKPROP_JAVA_OPTS=-Xmx…)", training.layers,
                    Describe.network(inputs, spec), Describe.count(params), bytes / 1e9, max / 1e9,
                    layerTooLarge ? ", and one layer has more than " + NetworkSpec.MAX_LAYER_WEIGHTS + " weights" : ""));
        }
    }

    private void summary(PrintWriter w, String source, TrainingResult r) {
        w.println(String.format(Locale.ROOT, "split    %d train / %s validation / %s test", r.split().train().size(),
                r.split().hasValidation() ? r.split().validation().size() : "no",
                r.split().hasTest() ? r.split().test().size() : "no"));
        if (!r.history().message().isEmpty()) {
            w.println("end      " + r.history().message());
        }
        w.println("train    " + r.train().headline());
        if (r.validation() != null) {
            w.println("valid.   " + r.validation().headline());
        }
        if (r.test() != null) {
            w.println("test     " + r.test().headline());
        }
        w.println(String.format(Locale.ROOT, "time     %.1f s (engine %s)", r.seconds(), r.history().engine()));
        w.println("saved    " + out + "  (weightsSha256 " + r.model().weightsSha256().substring(0, 16) + "…)");
        String dataArg = source.contains(" ") ? "'" + source + "'" : source;
        w.println("next     backprop evaluate --model " + out + " --data " + dataArg);
        w.println("         backprop predict --model " + out + " --data " + dataArg + " --out predictions.csv");
        w.println("         backprop inspect --model " + out);
        w.flush();
    }

    private Map<String, Object> jsonResult(String source, TrainingResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "train");
        m.put("model", out.toString());
        m.put("data", source);
        m.put("task", r.model().task().label());
        m.put("network", r.model().network().spec().toString());
        m.put("inputs", (long) r.model().network().inputs());
        m.put("parameters", r.model().network().parameterCount());
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("train", (long) r.split().train().size());
        split.put("validation", (long) (r.split().hasValidation() ? r.split().validation().size() : 0));
        split.put("test", (long) (r.split().hasTest() ? r.split().test().size() : 0));
        m.put("split", split);
        m.put("train", r.train().toMap());
        if (r.validation() != null) {
            m.put("validation", r.validation().toMap());
        }
        if (r.test() != null) {
            m.put("test", r.test().toMap());
        }
        m.put("weightsSha256", r.model().weightsSha256());
        m.put("seconds", r.seconds());
        m.put("settings", r.model().provenance().settings());
        m.put("history", r.history().toMap());
        return m;
    }

    /** The --init model, read and checked. */
    private TrainedModel initModel() throws IOException {
        if (!java.nio.file.Files.isRegularFile(init)) {
            throw new DataFormatException(init.toString(), 0, null, "no such model file (--init)");
        }
        return ModelFile.read(init);
    }

    /** The settings from the options, checked; a value out of range is a usage error. */
    TrainingSettings settings() {
        check(folds == null || folds >= 2, "--folds must be at least 2, got " + folds);
        check(folds == null || testData == null, "--folds and --test-data exclude each other: cross-validation makes "
                + "its own test sets");
        check(folds == null || report == null && plots == null, "--report and --plots need one trained model: not with --folds");
        check(validation == null || validation >= 0 && validation < 1, "--validation must be in [0, 1), got " + validation);
        check(test >= 0 && test < 1, "--test must be in [0, 1), got " + test);
        check(validation == null || validation + test < 1, "--validation and --test must leave rows to train on (their sum "
                + "is " + (validation == null ? test : validation + test) + ")");
        check(patience >= 0, "--early-stopping must be 0 (off) or more, got " + patience);
        check(l1 >= 0 && Double.isFinite(l1), "--l1 must be 0 or more, got " + l1);
        check(clipNorm >= 0 && Double.isFinite(clipNorm), "--clip-norm must be 0 (no clipping) or more, got " + clipNorm);
        check(threads == null || threads >= 1, "--threads must be at least 1, got " + threads);
        int t = threads();
        parse(() -> progressStyle());
        return parse(() -> training.applyTo(DEFAULTS.toBuilder())
                .validationFraction(validation == null ? Double.NaN : validation).testFraction(test).patience(patience)
                .stopOn(EarlyStopping.Monitor.of(stopOn)).threads(t).l1(l1).clipNorm(clipNorm).build());
    }

    /** {@code --threads}, capped at the processors (a note says so), or for none up to 8 of them. */
    private int threads() {
        int processors = Runtime.getRuntime().availableProcessors();
        return threads == null ? Math.min(8, processors) : Math.min(threads, processors);
    }

    private ProgressPrinter.Style progressStyle() {
        return switch (progress.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> ProgressPrinter.styleFor(onTerminal());
            case "bar" -> ProgressPrinter.Style.BAR;
            case "lines" -> ProgressPrinter.Style.LINES;
            case "none" -> ProgressPrinter.Style.NONE;
            default -> throw new IllegalArgumentException("--progress must be auto, bar, lines or none, got '" + progress + "'");
        };
    }

    /**
     * Whether standard output is a terminal. {@code System.console()} is null when it is not, up to
     * Java 21; from Java 22 on it may exist anyway and {@code Console.isTerminal()} tells.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The checkpoint options as a policy, or {@code null} when neither --checkpoint-dir nor --resume is given. */
    private Checkpoints.Policy checkpointPolicy() throws IOException {
        check(checkpointEvery >= 0, "--checkpoint-every must be 0 or more, got " + checkpointEvery);
        check(keepCheckpoints >= 1, "--keep-checkpoints must be at least 1, got " + keepCheckpoints);
        if (resume == null && checkpointDir == null) {
            check(checkpointEvery == 0, "--checkpoint-every needs --checkpoint-dir DIR (or --resume DIR)");
            return null;
        }
        check(resume == null || checkpointDir == null || resume.toAbsolutePath().normalize().equals(
                checkpointDir.toAbsolutePath().normalize()), "--resume " + resume + " and --checkpoint-dir "
                + checkpointDir + " differ: a resumed run keeps saving into the directory it resumes from");
        Path dir = resume != null ? resume : checkpointDir;
        check(!java.nio.file.Files.exists(dir) || java.nio.file.Files.isDirectory(dir), (resume != null ? "--resume " : "--checkpoint-dir ")
                + dir + " is not a directory");
        if (resume == null && java.nio.file.Files.isDirectory(dir)) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
                check(files.noneMatch(f -> f.getFileName().toString().startsWith("checkpoint-")), "--checkpoint-dir "
                        + dir + " already holds checkpoints: add --resume " + dir + " to continue that run, or choose "
                        + "an empty directory");
            }
        }
        return new Checkpoints.Policy(dir, checkpointEvery, keepCheckpoints);
    }

    private static TrainingReporter reporter() {
        for (TrainingReporter w : ServiceLoader.load(TrainingReporter.class)) {
            return w;
        }
        throw new UsageException("--report and --plots need a report module (such as viz) in the build; none was found");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }

    /** Runs {@code f}; an {@link IllegalArgumentException} from it becomes a usage error. */
    static <T> T parse(java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (UsageException | Training.InitMismatchException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
