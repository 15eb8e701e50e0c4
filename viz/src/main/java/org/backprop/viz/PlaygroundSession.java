package org.backprop.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.backprop.autograd.NoGrad;
import org.backprop.autograd.Variable;
import org.backprop.data.Batch;
import org.backprop.data.DataSplit;
import org.backprop.data.Dataset;
import org.backprop.data.MiniBatches;
import org.backprop.data.Splits;
import org.backprop.data.Task;
import org.backprop.engine.TrainingStep;
import org.backprop.engine.TrainingSteps;
import org.backprop.explain.ExplainSpec;
import org.backprop.explain.Explainer;
import org.backprop.explain.Explanation;
import org.backprop.explain.HtmlRenderer;
import org.backprop.explain.Layout;
import org.backprop.explain.WeightNotation;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.nn.Dense;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;


/**
 * One browser tab's playground: a dataset, a network {@code F → hidden… → 1} on the {@code F} selected
 * {@link InputFeatures} of each point, trained by SGD through {@link TrainingSteps#create} — for
 * classification a sigmoid output on binary cross-entropy, for regression an identity output on the
 * squared error {@code (1/n)Σ(ŷ − y)²} — and the people watching it.
 *
 * <p>Each published state carries a {@link Heatmap} per neuron: its output {@code a = f(z)} over the
 * plot, computed by the network's own forward code on {@link PlaneGrid} ({@value #GRID}² points, sent as
 * {@value #THUMBNAIL}² thumbnails, the output also whole), and one per input feature.
 *
 * <p>All state is owned by one background thread: every command ({@link #play()}, {@link #step()},
 * {@link #configure}, {@link #explainWeight}) runs as a task on it, so no locks are needed and
 * training never races a reader. While playing, the thread trains one epoch per tick and publishes
 * the new state (losses, weights, heatmaps) to its listeners as JSON.
 *
 * <p>Thread-safe: any thread may call any method; the caller waits (at most 20 s, then
 * {@link IllegalStateException}) for its command to run on
 * the session's thread. After {@link #close()} commands are refused with
 * {@link java.util.concurrent.RejectedExecutionException}.
 */
public final class PlaygroundSession implements AutoCloseable {
    /** Cells per side of the grid the heatmaps are computed on (the output's heatmap is sent at this size). */
    public static final int GRID = 40;
    /** Cells per side of each neuron's and input's thumbnail heatmap (averages of 2 × 2 grid cells). */
    public static final int THUMBNAIL = GRID / 2;
    /** Half the width of the plotted square, in data units. */
    public static final double EXTENT = 6;
    /** Loss history points kept (older points are thinned out). */
    static final int HISTORY = 400;
    private static final long TICK_MILLIS = 15;
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String id;
    private final ScheduledExecutorService thread;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    /** The colour scale of hidden neurons and inputs: {@code [-1, 1]} (tanh's range; others are clamped to it). */
    private static final double[] HIDDEN_RANGE = {-1, 1};

    /** Every input feature over the plot, as thumbnails (they never change). */
    private static final Map<InputFeature, Heatmap> INPUT_HEATMAPS = inputHeatmaps();

    private Loss loss;

    private PlaygroundConfig config;
    private Network network;
    private TrainingStep trainingStep;
    private Rng rng;
    /** The split of the points (stratified for classification), in the plot's units {@code [N, 2]}, with their targets. */
    private Dataset train;
    private Dataset test;
    /** The points' features ({@link InputFeatures#rows}), what the network sees. */
    private Tensor trainX;
    private Tensor testX;
    /** The targets as {@code [N, 1]}: labels 0 and 1 of the sigmoid output, or regression values. */
    private Tensor trainY;
    private Tensor testY;
    private int epoch;
    /** The share of training and test points classified right (NaN for regression). */
    private double trainAccuracy;
    private double testAccuracy;
    /** The last mini-batch trained on (points in the plot's units), or {@code null} before the first. */
    private Batch lastBatch;
    /** The features of {@link #lastBatch}'s points. */
    private Tensor lastInputs;
    private final List<double[]> history = new ArrayList<>();
    private ScheduledFuture<?> playing;

    /**
     * A session with the given config (training starts paused).
     *
     * @param id     the session's id, as the server names it (also the name of its thread)
     * @param config the settings: data and network are made from them at once
     */
    public PlaygroundSession(String id, PlaygroundConfig config) {
        this.id = id;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "playground-" + id);
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            reset(config);
            return null;
        });
    }

    /**
     * The session's id.
     *
     * @return the id given to the constructor
     */
    public String id() {
        return id;
    }

    /**
     * Adds a listener that receives each published state (JSON); it is sent the current state at once.
     *
     * @param listener called on the session's thread with each state; it must not block (the
     *                 playground's streams queue the text and return)
     */
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
        call(() -> {
            listener.accept(stateJson());
            return null;
        });
    }

    /**
     * Runs {@code hook} when the session closes (the server ends its event streams this way).
     *
     * @param hook run once, on the thread that calls {@link #close()}
     */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    /**
     * Removes a listener.
     *
     * @param listener a listener given to {@link #subscribe}; nothing happens if it is not subscribed
     */
    public void unsubscribe(Consumer<String> listener) {
        listeners.remove(listener);
    }

    /** Starts training, one epoch per tick, until {@link #pause()}. */
    public void play() {
        call(() -> {
            if (playing == null) {
                playing = thread.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
                publish();
            }
            return null;
        });
    }

    /** Stops training after the current epoch. */
    public void pause() {
        call(() -> {
            if (playing != null) {
                playing.cancel(false);
                playing = null;
            }
            publish();
            return null;
        });
    }

    /** Trains exactly one epoch and publishes. */
    public void step() {
        call(() -> {
            trainEpoch();
            publish();
            return null;
        });
    }

    /**
     * Starts afresh with {@code newConfig}: new data, new weights, paused.
     *
     * @param newConfig the new settings (already validated by {@link PlaygroundConfig}'s constructor)
     */
    public void configure(PlaygroundConfig newConfig) {
        call(() -> {
            reset(newConfig);
            publish();
            return null;
        });
    }

    /** Starts afresh with the current config. */
    public void reset() {
        call(() -> {
            reset(config);
            publish();
            return null;
        });
    }

    /**
     * The current state as JSON (what listeners receive).
     *
     * @return one JSON object: session, epoch, whether playing, config, losses and their history,
     *         each layer's weights and gradients, heatmaps
     */
    public String state() {
        return call(this::stateJson);
    }

    /**
     * The chain rule for one weight or bias on one example of the last batch: the current weights
     * run through {@link Explainer} (the real engine, a listener on its backward pass), plus the
     * batch gradient the last training step left in the parameter.
     *
     * @param layer 0-based dense layer
     * @param row   neuron
     * @param col   input, or -1 for the bias
     * @return a JSON object: parameter, symbol, factors, gradient, numeric, batchGradient, example, formula
     * @throws IllegalArgumentException if the indices are out of range
     */
    public Map<String, Object> explainWeight(int layer, int row, int col) {
        return call(() -> explain(layer, row, col));
    }

    private Map<String, Object> explain(int layer, int row, int col) {
        List<Dense> dense = network.denseLayers();
        if (layer < 0 || layer >= dense.size()) {
            throw new IllegalArgumentException("layer: expected 0 to " + (dense.size() - 1) + ", got " + layer);
        }
        Dense d = dense.get(layer);
        int out = d.config().outFeatures();
        int in = d.config().inFeatures();
        if (row < 0 || row >= out || col < -1 || col >= in) {
            throw new IllegalArgumentException("weight [" + row + "][" + col + "] is outside layer " + layer
                    + " (" + out + " × " + in + ")");
        }
        ExplainSpec spec = exampleSpec();
        double[] x = spec.input();
        double[] y = spec.target();
        Explanation e = Explainer.explain(spec);
        Explanation.Gradient g = null;
        String parameter = "layers." + layer + (col >= 0 ? ".weight" : ".bias");
        for (Explanation.Gradient c : e.step().gradients()) {
            if (c.parameter().equals(parameter) && c.row() == row && c.col() == col) {
                g = c;
            }
        }
        Variable p = col >= 0 ? d.weight() : d.bias();
        double batchGradient = p.grad() == null ? 0 : col >= 0 ? p.grad().get(row, col) : p.grad().get(row);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameter", parameter);
        m.put("row", (long) row);
        m.put("col", (long) col);
        m.put("symbol", "∂L/∂" + g.symbol());
        List<Object> factors = new ArrayList<>();
        StringBuilder symbolic = new StringBuilder();
        StringBuilder numbers = new StringBuilder();
        for (Explanation.Factor f : g.factors()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("symbol", f.symbol());
            fm.put("value", f.value());
            factors.add(fm);
            symbolic.append(symbolic.length() > 0 ? " · " : "").append(f.symbol());
            numbers.append(numbers.length() > 0 ? " · " : "").append(org.backprop.explain.Notation.paren(f.value()));
        }
        if (col < 0) {
            symbolic.append(" · 1");
            numbers.append(" · 1");
        }
        m.put("factors", factors);
        m.put("formula", "∂L/∂" + g.symbol() + " = " + symbolic + " = " + numbers + " = "
                + org.backprop.explain.Notation.num(g.gradient()));
        m.put("gradient", g.gradient());
        m.put("numeric", g.numeric());
        m.put("batchGradient", batchGradient);
        m.put("weight", g.value());
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("x", x);
        example.put("features", config.features().labels());
        List<String> formulas = new ArrayList<>();
        for (InputFeature f : config.features().selected()) {
            formulas.add(f.formula());
        }
        example.put("formulas", formulas);
        example.put("y", y[0]);
        example.put("plot", examplePoint());
        m.put("example", example);
        m.put("problem", config.problem().label());
        m.put("loss", loss.name());
        m.put("epoch", (long) epoch);
        return m;
    }

    /**
     * The backward-pass page ({@link HtmlRenderer}: the stepper, the computation graph and every equation, in
     * the lecture's notation) for the first example of the last batch on the current weights.
     *
     * @return a complete, self-contained HTML page
     */
    public String explainPage() {
        return call(() -> {
            Explanation e = Explainer.explain(exampleSpec());
            return HtmlRenderer.render(e, Layout.of(e, WeightNotation.LECTURE, Layout.Style.DELTA), WeightNotation.LECTURE);
        });
    }

    /**
     * The current network on the first example of the last batch (of the training set before any step):
     * its features as the network sees them, its target, the session's loss.
     */
    private ExplainSpec exampleSpec() {
        Tensor ex = lastBatch != null ? lastInputs : trainX;
        double[] x = new double[ex.shape().cols()];
        for (int j = 0; j < x.length; j++) {
            x[j] = ex.get(0, j);
        }
        double[] y = {(lastBatch != null ? lastBatch.targets() : train.targets()).get(0)};
        List<ExplainSpec.Layer> layers = new ArrayList<>();
        for (Dense l : network.denseLayers()) {
            layers.add(new ExplainSpec.Layer(l.activation().toString(), l.weight().value().toRows(),
                    l.bias().value().toDoubleArray()));
        }
        return new ExplainSpec(x, y, loss.name(), config.learningRate(), layers);
    }

    /** The point of the plot {@link #exampleSpec()}'s example is at. */
    private double[] examplePoint() {
        Tensor xy = lastBatch != null ? lastBatch.inputs() : train.features();
        return new double[] {xy.get(0, 0), xy.get(0, 1)};
    }

    private void reset(PlaygroundConfig c) {
        this.config = c;
        if (playing != null) {
            playing.cancel(false);
            playing = null;
        }
        this.rng = new Rng(c.seed());
        Dataset2D.Points points = c.dataset().generate(PlaygroundConfig.POINTS, c.noise(), rng.fork(1));
        DataSplit split = Splits.split(dataset(points, c.problem()), 0, 1 - c.trainRatio(), rng.fork(2));
        train = split.train();
        test = split.test();
        trainX = c.features().rows(train.features());
        testX = c.features().rows(test.features());
        trainY = targets(train);
        testY = targets(test);
        boolean classification = c.problem() == Task.CLASSIFICATION;
        loss = classification ? Losses.binaryCrossEntropy() : Losses.mse();
        List<NetworkSpec.Item> items = new ArrayList<>();
        Activation hiddenActivation = Activation.parse(c.activation());
        for (int h : c.hidden()) {
            items.add(new NetworkSpec.DenseItem(h, hiddenActivation));
        }
        items.add(new NetworkSpec.DenseItem(1, classification ? Activation.sigmoid() : Activation.identity()));
        network = new Network(c.features().size(), new NetworkSpec(items), rng.fork(3));
        Sgd sgd = new Sgd(network.parameters(), Sgd.Config.of(c.learningRate()));
        trainingStep = TrainingSteps.create(network, loss, sgd, c.toRegularization(), 1);
        epoch = 0;
        lastBatch = null;
        lastInputs = null;
        history.clear();
        record();
    }

    private void tick() {
        try {
            trainEpoch();
            publish();
        } catch (RuntimeException e) {
            playing.cancel(false);
            playing = null;
            publishError(e.getMessage());
        }
    }

    /** The points in the plot's units, as a two-class dataset (labels 0 and 1) or a regression one (one value each). */
    private static Dataset dataset(Dataset2D.Points points, Task task) {
        int n = points.size();
        double[] xy = new double[n * 2];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = points.xy()[i][0];
            xy[2 * i + 1] = points.xy()[i][1];
        }
        Tensor plot = Tensor.of(DType.FLOAT32, xy, n, 2);
        if (task == Task.CLASSIFICATION) {
            return Dataset.classification("playground", plot, points.labels(), List.of("x1", "x2"), "class",
                    List.of("0", "1"));
        }
        return Dataset.regression("playground", plot, Tensor.of(DType.FLOAT32, points.targets(), n, 1),
                List.of("x1", "x2"), "y");
    }

    /** The targets of {@code d} as {@code [N, 1]}: the one output's. */
    private static Tensor targets(Dataset d) {
        return d.targets().reshape(d.size(), 1);
    }

    /**
     * One epoch: the training points shuffled and cut into mini-batches ({@link MiniBatches}), one
     * step each on the batch's features.
     */
    private void trainEpoch() {
        for (Batch b : new MiniBatches(train, config.batchSize(), rng)) {
            Tensor inputs = config.features().rows(b.inputs());
            trainingStep.step(inputs, b.targets().reshape(b.size(), 1));
            lastBatch = b;
            lastInputs = inputs;
        }
        epoch++;
        record();
        if (history.size() > HISTORY) {
            for (int i = 1; i < history.size() - 1; i++) {
                history.remove(i); // keep every other point, the first and the last
            }
        }
    }

    /** Adds the losses now to the history and updates the accuracies. */
    private void record() {
        Tensor trainOut = predict(trainX);
        Tensor testOut = predict(testX);
        history.add(new double[] {epoch, lossOf(trainOut, trainY), lossOf(testOut, testY)});
        trainAccuracy = accuracy(trainOut, trainY);
        testAccuracy = accuracy(testOut, testY);
    }

    private Tensor predict(Tensor x) {
        network.eval();
        try {
            return network.predict(x);
        } finally {
            network.train();
        }
    }

    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    private double lossOf(Tensor prediction, Tensor y) {
        try (NoGrad scope = NoGrad.enter()) {
            return loss.compute(Variable.constant(prediction), y).value().item();
        }
    }

    /** The share of rows with {@code (p ≥ 0.5) = label}; NaN for regression. */
    private double accuracy(Tensor p, Tensor labels) {
        if (config.problem() != Task.CLASSIFICATION) {
            return Double.NaN;
        }
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            if ((p.get(i) >= 0.5) == (labels.get(i) >= 0.5)) {
                right++;
            }
        }
        return (double) right / labels.size();
    }

    private void publish() {
        if (listeners.isEmpty()) {
            return;
        }
        String json = stateJson();
        for (Consumer<String> l : listeners) {
            l.accept(json);
        }
    }

    private void publishError(String message) {
        String json = org.backprop.io.Json.write(Map.of("error", message == null ? "training failed" : message));
        for (Consumer<String> l : listeners) {
            l.accept(json);
        }
    }

    private String stateJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", id);
        m.put("epoch", (long) epoch);
        m.put("playing", playing != null);
        double[] last = history.get(history.size() - 1);
        m.put("problem", config.problem().label());
        m.put("lossName", loss.name());
        m.put("trainLoss", last[1]);
        m.put("testLoss", last[2]);
        if (config.problem() == Task.CLASSIFICATION) {
            m.put("trainAccuracy", trainAccuracy);
            m.put("testAccuracy", testAccuracy);
        }
        List<Object> hist = new ArrayList<>();
        for (double[] h : history) {
            hist.add(new double[] {h[0], round(h[1]), round(h[2])});
        }
        m.put("history", hist);
        List<double[][]> outputs = PlaneGrid.neuronOutputs(network, config.features().rows(PlaneGrid.points(GRID)));
        List<Object> layers = new ArrayList<>();
        List<Dense> dense = network.denseLayers();
        for (int k = 0; k < dense.size(); k++) {
            Dense d = dense.get(k);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("activation", d.activation().toString());
            l.put("weights", d.weight().value().toRows());
            l.put("biases", d.bias().value().toDoubleArray());
            // the last training step's batch gradients (∂L/∂b is the batch's δ of each neuron, summed)
            l.put("weightGradients", d.weight().grad() == null ? new double[0][] : d.weight().grad().toRows());
            l.put("biasGradients", d.bias().grad() == null ? new double[0] : d.bias().grad().toDoubleArray());
            double[] range = k == dense.size() - 1 ? outputRange() : HIDDEN_RANGE;
            List<Object> maps = new ArrayList<>();
            for (double[] neuron : outputs.get(k)) {
                maps.add(Heatmap.shrunk(GRID, GRID / THUMBNAIL, range[0], range[1], neuron).toMap());
            }
            l.put("heatmaps", maps);
            layers.add(l);
        }
        m.put("layers", layers);
        m.put("grid", (long) GRID);
        m.put("extent", EXTENT);
        double[] range = outputRange();
        m.put("output", Heatmap.of(GRID, range[0], range[1], outputs.get(outputs.size() - 1)[0]).toMap());
        List<Object> inputs = new ArrayList<>();
        for (InputFeature f : InputFeature.values()) {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("id", f.id());
            in.put("label", f.label());
            in.put("formula", f.formula());
            in.put("active", config.features().contains(f));
            in.put("heatmap", INPUT_HEATMAPS.get(f).toMap());
            inputs.add(in);
        }
        m.put("inputs", inputs);
        List<Object> datasets = new ArrayList<>();
        for (Dataset2D d : Dataset2D.values()) {
            datasets.add(Map.of("id", d.id(), "problem", d.task().label()));
        }
        m.put("datasets", datasets);
        List<Object> pts = new ArrayList<>();
        addPoints(pts, train, 1);
        addPoints(pts, test, 0);
        m.put("points", pts);
        m.put("config", config.toMap());
        return org.backprop.io.Json.write(m);
    }

    /** Adds each row of {@code d} as {@code [x, y, target, inTraining]} in data units (target: the label or value). */
    private static void addPoints(List<Object> pts, Dataset d, int inTraining) {
        Tensor f = d.features();
        Tensor t = d.targets();
        for (int i = 0; i < d.size(); i++) {
            pts.add(new double[] {round(f.get(i, 0)), round(f.get(i, 1)), round(t.get(i)), inTraining});
        }
    }

    /** The output's colour scale: {@code [0, 1]} for p(class 1), {@code [-1, 1]} for a regression value. */
    private double[] outputRange() {
        return config.problem() == Task.CLASSIFICATION ? new double[] {0, 1} : HIDDEN_RANGE;
    }

    private static Map<InputFeature, Heatmap> inputHeatmaps() {
        Tensor grid = PlaneGrid.points(GRID);
        Map<InputFeature, Heatmap> maps = new java.util.EnumMap<>(InputFeature.class);
        for (InputFeature f : InputFeature.values()) {
            Tensor v = new InputFeatures(List.of(f)).rows(grid);
            maps.put(f, Heatmap.shrunk(GRID, GRID / THUMBNAIL, HIDDEN_RANGE[0], HIDDEN_RANGE[1], v.toDoubleArray()));
        }
        return maps;
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    private <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("playground session " + id + ": interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException("playground session " + id + ": no answer within "
                    + COMMAND_TIMEOUT_SECONDS + " s");
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("playground session " + id + " is closed");
        }
    }

    /** Stops training and the session's thread. */
    @Override
    public void close() {
        thread.shutdownNow();
        listeners.clear();
        closeHooks.forEach(Runnable::run);
        closeHooks.clear();
    }
}
