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
import org.backprop.engine.TrainingStep;
import org.backprop.engine.TrainingSteps;
import org.backprop.explain.ExplainSpec;
import org.backprop.explain.Explainer;
import org.backprop.explain.Explanation;
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
 * One browser tab's playground: a dataset, a network {@code 2 → hidden… → 1 sigmoid} trained with
 * binary cross-entropy by SGD through {@link TrainingSteps#create}, and the people watching it.
 *
 * <p>All state is owned by one background thread: every command ({@link #play()}, {@link #step()},
 * {@link #configure}, {@link #explainWeight}) runs as a task on it, so no locks are needed and
 * training never races a reader. While playing, the thread trains one epoch per tick and publishes
 * the new state (losses, weights, decision boundary) to its listeners as JSON.
 */
public final class PlaygroundSession implements AutoCloseable {
    /** Cells per side of the decision-boundary grid. */
    public static final int GRID = 40;
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
    private final Loss loss = Losses.binaryCrossEntropy();

    private PlaygroundConfig config;
    private Network network;
    private TrainingStep trainingStep;
    private Rng rng;
    private Tensor trainX;
    private Tensor trainY;
    private Tensor testX;
    private Tensor testY;
    private Dataset2D.Points points;
    private int trainCount;
    private int epoch;
    private int[] lastBatch = new int[0];
    private final List<double[]> history = new ArrayList<>();
    private ScheduledFuture<?> playing;

    /** A session with the given config (training starts paused). */
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

    /** The session's id. */
    public String id() {
        return id;
    }

    /** Adds a listener that receives each published state (JSON); it is sent the current state at once. */
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
        call(() -> {
            listener.accept(stateJson());
            return null;
        });
    }

    /** Runs {@code hook} when the session closes (the server ends its event streams this way). */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    /** Removes a listener. */
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

    /** Starts afresh with {@code newConfig}: new data, new weights, paused. */
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

    /** The current state as JSON (what listeners receive). */
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
        int example = lastBatch.length > 0 ? lastBatch[0] : 0;
        double[] x = {trainX.get(example, 0), trainX.get(example, 1)};
        double[] y = {trainY.get(example, 0)};
        List<ExplainSpec.Layer> layers = new ArrayList<>();
        for (Dense l : dense) {
            layers.add(new ExplainSpec.Layer(l.activation().toString(), l.weight().value().toRows(),
                    l.bias().value().toDoubleArray()));
        }
        ExplainSpec spec = new ExplainSpec(x, y, "bce", config.learningRate(), layers);
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
        m.put("example", Map.of("x", x, "y", y[0]));
        m.put("epoch", (long) epoch);
        return m;
    }

    private void reset(PlaygroundConfig c) {
        this.config = c;
        if (playing != null) {
            playing.cancel(false);
            playing = null;
        }
        this.rng = new Rng(c.seed());
        this.points = c.dataset().generate(PlaygroundConfig.POINTS, c.noise(), rng.fork(1));
        int n = points.size();
        int[] order = rng.fork(2).permutation(n);
        trainCount = Math.max(1, Math.min(n - 1, (int) Math.round(n * c.trainRatio())));
        double[] tx = new double[trainCount * 2];
        double[] ty = new double[trainCount];
        double[] sx = new double[(n - trainCount) * 2];
        double[] sy = new double[n - trainCount];
        Dataset2D.Points shuffled = new Dataset2D.Points(new double[n][], new int[n]);
        for (int i = 0; i < n; i++) {
            shuffled.xy()[i] = points.xy()[order[i]];
            shuffled.labels()[i] = points.labels()[order[i]];
        }
        points = shuffled;
        for (int i = 0; i < n; i++) {
            double[] p = points.xy()[i];
            if (i < trainCount) {
                tx[2 * i] = p[0] / EXTENT;
                tx[2 * i + 1] = p[1] / EXTENT;
                ty[i] = points.labels()[i];
            } else {
                int j = i - trainCount;
                sx[2 * j] = p[0] / EXTENT;
                sx[2 * j + 1] = p[1] / EXTENT;
                sy[j] = points.labels()[i];
            }
        }
        trainX = Tensor.of(DType.FLOAT32, tx, trainCount, 2);
        trainY = Tensor.of(DType.FLOAT32, ty, trainCount, 1);
        testX = Tensor.of(DType.FLOAT32, sx, n - trainCount, 2);
        testY = Tensor.of(DType.FLOAT32, sy, n - trainCount, 1);
        List<NetworkSpec.Item> items = new ArrayList<>();
        Activation hiddenActivation = Activation.parse(c.activation());
        for (int h : c.hidden()) {
            items.add(new NetworkSpec.DenseItem(h, hiddenActivation));
        }
        items.add(new NetworkSpec.DenseItem(1, Activation.sigmoid()));
        network = new Network(2, new NetworkSpec(items), rng.fork(3));
        Sgd sgd = new Sgd(network.parameters(), Sgd.Config.of(c.learningRate()));
        trainingStep = TrainingSteps.create(network, loss, sgd, c.toRegularization(), 1);
        epoch = 0;
        lastBatch = new int[0];
        history.clear();
        history.add(new double[] {0, evaluate(trainX, trainY), evaluate(testX, testY)});
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

    private void trainEpoch() {
        int[] order = rng.permutation(trainCount);
        int b = config.batchSize();
        for (int start = 0; start < trainCount; start += b) {
            int size = Math.min(b, trainCount - start);
            double[] bx = new double[size * 2];
            double[] by = new double[size];
            int[] batch = new int[size];
            for (int i = 0; i < size; i++) {
                int idx = order[start + i];
                batch[i] = idx;
                bx[2 * i] = trainX.get(idx, 0);
                bx[2 * i + 1] = trainX.get(idx, 1);
                by[i] = trainY.get(idx, 0);
            }
            trainingStep.step(Tensor.of(DType.FLOAT32, bx, size, 2), Tensor.of(DType.FLOAT32, by, size, 1));
            lastBatch = batch;
        }
        epoch++;
        history.add(new double[] {epoch, evaluate(trainX, trainY), evaluate(testX, testY)});
        if (history.size() > HISTORY) {
            for (int i = 1; i < history.size() - 1; i++) {
                history.remove(i); // keep every other point, the first and the last
            }
        }
    }

    private double evaluate(Tensor x, Tensor y) {
        network.eval();
        try (NoGrad scope = NoGrad.enter()) {
            return loss.compute(Variable.constant(network.predict(x)), y).value().item();
        } finally {
            network.train();
        }
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
        m.put("trainLoss", last[1]);
        m.put("testLoss", last[2]);
        List<Object> hist = new ArrayList<>();
        for (double[] h : history) {
            hist.add(new double[] {h[0], round(h[1]), round(h[2])});
        }
        m.put("history", hist);
        List<Object> layers = new ArrayList<>();
        for (Dense d : network.denseLayers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("activation", d.activation().toString());
            l.put("weights", d.weight().value().toRows());
            l.put("biases", d.bias().value().toDoubleArray());
            layers.add(l);
        }
        m.put("layers", layers);
        m.put("grid", (long) GRID);
        m.put("extent", EXTENT);
        m.put("boundary", boundary());
        List<Object> pts = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            pts.add(new double[] {round(points.xy()[i][0]), round(points.xy()[i][1]), points.labels()[i],
                i < trainCount ? 1 : 0});
        }
        m.put("points", pts);
        m.put("config", config.toMap());
        return org.backprop.io.Json.write(m);
    }

    /** p(class 1) on a {@code GRID × GRID} grid over {@code [-EXTENT, EXTENT]²}, row 0 at the top. */
    private double[] boundary() {
        double[] g = new double[GRID * GRID * 2];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                int k = r * GRID + c;
                g[2 * k] = (-1 + (2 * c + 1.0) / GRID);
                g[2 * k + 1] = (1 - (2 * r + 1.0) / GRID);
            }
        }
        network.eval();
        Tensor p;
        try {
            p = network.predict(Tensor.of(DType.FLOAT32, g, GRID * GRID, 2));
        } finally {
            network.train();
        }
        double[] out = new double[GRID * GRID];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(p.get(i) * 1000) / 1000.0;
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    private <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
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
