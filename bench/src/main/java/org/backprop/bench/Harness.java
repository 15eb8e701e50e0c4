package org.backprop.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.backprop.data.Dataset;
import org.backprop.engine.Predictor;
import org.backprop.engine.TrainingStep;
import org.backprop.loop.EarlyStopping;
import org.backprop.loop.EpochRecord;
import org.backprop.loop.History;
import org.backprop.loop.ProgressPrinter;
import org.backprop.loop.Trainer;
import org.backprop.loop.TrainerConfig;
import org.backprop.loop.TrainingListener;
import org.backprop.loss.Losses;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.optim.Sgd;
import org.backprop.nn.Network;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Kernels;
import org.backprop.tensor.kernel.ParallelGemm;

/**
 * End-to-end measurements, one JSON object per line on standard output, for {@code bench/compare}:
 *
 * <pre>
 * train BATCH THREADS SECONDS   samples/s training 784-256-128-10 (and bytes allocated per step)
 * fit BATCH THREADS SECONDS [all|none]
 *                               samples/s of the same through Trainer.fit: 4096 random rows, shuffled and gathered
 *                               into batches each epoch, no validation, recording every diagnostic (all) or none
 *                               (none, the default: what the command line records without --json/--report)
 * xor SECONDS                   full-batch steps/s of the 2-2-1 XOR network
 * fitxor SECONDS                the same through Trainer.fit, one step per epoch, with the default progress output
 *                               (ProgressPrinter lines, into a null writer) and no diagnostics
 * predict SECONDS               µs per single-row prediction of 784-256-128-10
 * predictbatch BATCH THREADS SECONDS
 *                               rows/s predicting batches of BATCH rows of 784-256-128-10 on THREADS threads
 *                               (Predictor.predict(float[], int, float[]), and bytes allocated per batch)
 * gemm BATCH THREADS SECONDS P  GFLOP/s of matrix product P of a training step (fwd1 … dx3, or all)
 * </pre>
 *
 * <p>Each figure is the median of five timed windows after a warm-up of the same length, so a
 * burst of load from another process moves it less than a mean would.
 */
public final class Harness {
    private static final int WINDOWS = 5;

    private Harness() {
    }

    /**
     * Runs the measurements named on the command line, for example
     * {@code train 128 2 1.0 xor 1.0 predict 1.0 gemm 128 1 0.5}; or, given {@code serve}, reads
     * such commands from standard input, one per line, answering each with its JSON line (so
     * {@code bench/compare} can interleave them with PyTorch's measurements in one warm JVM).
     */
    public static void main(String[] args) throws java.io.IOException {
        System.err.println("kernel: " + Kernels.description());
        if (args.length == 1 && args[0].equals("serve")) {
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
                run(line.trim().split("\\s+"));
            }
            return;
        }
        run(args);
    }

    private static void run(String[] args) {
        for (int i = 0; i < args.length; ) {
            switch (args[i]) {
                case "train":
                    // train BATCH THREADS SECONDS [sgd|adam]
                    boolean named = i + 4 < args.length && (args[i + 4].equals("sgd") || args[i + 4].equals("adam"));
                    train(Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]), Double.parseDouble(args[i + 3]),
                            named ? args[i + 4] : "sgd");
                    i += named ? 5 : 4;
                    break;
                case "fit":
                    // fit BATCH THREADS SECONDS [all|none]
                    boolean figures = i + 4 < args.length && (args[i + 4].equals("all") || args[i + 4].equals("none"));
                    fit(Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]), Double.parseDouble(args[i + 3]),
                            figures && args[i + 4].equals("all"));
                    i += figures ? 5 : 4;
                    break;
                case "xor":
                    xor(Double.parseDouble(args[i + 1]));
                    i += 2;
                    break;
                case "fitxor":
                    fitXor(Double.parseDouble(args[i + 1]));
                    i += 2;
                    break;
                case "predict":
                    predict(Double.parseDouble(args[i + 1]));
                    i += 2;
                    break;
                case "predictbatch":
                    predictBatch(Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]), Double.parseDouble(args[i + 3]));
                    i += 4;
                    break;
                case "gemm":
                    gemm(Integer.parseInt(args[i + 1]), Integer.parseInt(args[i + 2]), Double.parseDouble(args[i + 3]),
                            args[i + 4]);
                    i += 5;
                    break;
                default:
                    System.err.println("unknown measurement '" + args[i] + "'; expected train, fit, xor, fitxor, predict, predictbatch or gemm");
                    System.exit(2);
                    return;
            }
        }
    }

    /** Something timed: runs {@code count} units of work. */
    private interface Work {
        void run(long count);
    }

    /**
     * Units of work per second: the median of {@link #WINDOWS} windows of about {@code seconds}
     * each, after a warm-up of the same length.
     */
    private static double rate(Work work, double seconds) {
        long batch = 1;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1e9) {
            work.run(batch);
            batch = Math.min(batch * 2, 1 << 20);
        }
        long per = 1;
        long t0 = System.nanoTime();
        work.run(per);
        while (System.nanoTime() - t0 < seconds * 1e9 / 20) {
            per *= 2;
            t0 = System.nanoTime();
            work.run(per);
        }
        double[] rates = new double[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            long units = 0;
            long begin = System.nanoTime();
            long now;
            do {
                work.run(per);
                units += per;
                now = System.nanoTime();
            } while (now - begin < seconds * 1e9);
            rates[w] = units / ((now - begin) / 1e9);
        }
        Arrays.sort(rates);
        return rates[WINDOWS / 2];
    }

    /**
     * Epochs per second inside one long {@link Trainer#fit} call, as the command line runs: fits of
     * 1, 2, 4 … epochs until one lasts {@code seconds} (the warm-up, and the speed's first guess), then
     * one fit long enough for {@link #WINDOWS} + 1 windows of about {@code seconds}; the windows are
     * cut from the epochs' own clock ({@link EpochRecord#elapsedSeconds()}), the first is dropped as a
     * warm-up and the median of the others is the figure. The trainer's setting-up (engine, buffers)
     * is thus not counted, as it is not in the command line's "time of 11 epochs minus 1".
     */
    private static double epochRate(java.util.function.IntFunction<History> fit, double seconds) {
        int epochs = 1;
        double took;
        while (true) {
            long t0 = System.nanoTime();
            fit.apply(epochs);
            took = (System.nanoTime() - t0) / 1e9;
            if (took >= seconds || epochs >= 1 << 24) {
                break;
            }
            epochs *= 2;
        }
        long total = (long) Math.ceil(epochs / took * seconds * (WINDOWS + 1.5));
        List<EpochRecord> records = fit.apply((int) Math.min(Integer.MAX_VALUE - 1, Math.max(2L * (WINDOWS + 1), total))).epochs();
        double[] rates = new double[WINDOWS + 1];
        int windows = 0;
        int from = 0;
        double fromTime = 0;
        for (int i = 0; i < records.size() && windows < rates.length; i++) {
            double t = records.get(i).elapsedSeconds();
            if (t - fromTime >= seconds || (i == records.size() - 1 && i > from)) {
                rates[windows++] = (i + 1 - from) / (t - fromTime);
                from = i + 1;
                fromTime = t;
            }
        }
        double[] kept = Arrays.copyOfRange(rates, windows > 1 ? 1 : 0, windows); // the first window is the warm-up
        Arrays.sort(kept);
        return kept[kept.length / 2];
    }

    private static void train(int batch, int threads, double seconds, String optimizer) {
        Network net = Workloads.mlp(1);
        TrainingStep step = Workloads.mlpStep(net, threads, optimizer);
        Rng rng = new Rng(2);
        int batches = Math.max(1, 4096 / batch);
        Tensor[] x = new Tensor[batches];
        Tensor[] y = new Tensor[batches];
        for (int b = 0; b < batches; b++) {
            x[b] = Workloads.randomInputs(rng, batch, Workloads.MLP_INPUTS);
            y[b] = Workloads.randomLabels(rng, batch, Workloads.MLP_CLASSES);
        }
        int[] next = {0};
        double steps = rate(count -> {
            for (long i = 0; i < count; i++) {
                int b = next[0];
                step.step(x[b], y[b]);
                next[0] = b + 1 == batches ? 0 : b + 1;
            }
        }, seconds);
        long bytes = allocatedPerStep(() -> step.step(x[0], y[0]));
        closeIfPossible(step);
        emit(String.format(Locale.ROOT, "{\"case\": \"train\", \"batch\": %d, \"threads\": %d, \"optimizer\": \"%s\", "
                + "\"samples_per_s\": %.1f, \"bytes_per_step\": %d, \"engine\": \"%s\"}", batch, threads, optimizer,
                steps * batch, bytes, step.name()));
    }

    /** Rows of the data set {@link #fit} trains on: those the bare {@link #train} cycles through. */
    private static final int FIT_ROWS = 4096;

    private static void fit(int batch, int threads, double seconds, boolean allDiagnostics) {
        Network net = Workloads.mlp(1);
        Optimizer optimizer = Workloads.mlpOptimizer(net, "sgd");
        Dataset data = Workloads.mlpData(new Rng(2), FIT_ROWS);
        Rng order = new Rng(5);
        java.util.Set<TrainerConfig.Diagnostic> figures = allDiagnostics
                ? java.util.EnumSet.allOf(TrainerConfig.Diagnostic.class) : java.util.Set.of();
        String[] engine = {""};
        double epochs = epochRate(count -> {
            TrainerConfig config = new TrainerConfig(count, batch, EarlyStopping.OFF, threads, null, null, null, null, figures);
            History h = new Trainer(config, List.of()).fit(net, Losses.crossEntropy(), optimizer, Regularization.NONE, data,
                    null, order);
            engine[0] = h.engine();
            return h;
        }, seconds);
        emit(String.format(Locale.ROOT, "{\"case\": \"fit\", \"batch\": %d, \"threads\": %d, \"optimizer\": \"sgd\", "
                + "\"diagnostics\": \"%s\", \"samples_per_s\": %.1f, \"engine\": \"%s\"}", batch, threads,
                allDiagnostics ? "all" : "none", epochs * FIT_ROWS, engine[0]));
    }

    private static void fitXor(double seconds) {
        Network net = Workloads.xor(7);
        Optimizer optimizer = new Sgd(net.parameters(), Sgd.Config.of(0.5));
        Dataset data = Workloads.xorData();
        Rng order = new Rng(5);
        PrintWriter nowhere = new PrintWriter(java.io.Writer.nullWriter());
        String[] engine = {""};
        double epochs = epochRate(count -> {
            TrainerConfig config = new TrainerConfig(count, 4, EarlyStopping.OFF, 1, null, null, null, null, java.util.Set.of());
            List<TrainingListener> progress = List.of(new ProgressPrinter(nowhere, ProgressPrinter.Style.LINES));
            History h = new Trainer(config, progress).fit(net, Losses.mse(), optimizer, Regularization.NONE, data, null,
                    order);
            engine[0] = h.engine();
            return h;
        }, seconds);
        emit(String.format(Locale.ROOT, "{\"case\": \"fitxor\", \"steps_per_s\": %.1f, \"engine\": \"%s\"}",
                epochs, engine[0]));
    }

    private static void xor(double seconds) {
        Network net = Workloads.xor(7);
        TrainingStep step = Workloads.xorStep(net);
        Tensor x = Workloads.xorInputs();
        Tensor y = Workloads.xorTargets();
        double steps = rate(count -> {
            for (long i = 0; i < count; i++) {
                step.step(x, y);
            }
        }, seconds);
        long bytes = allocatedPerStep(() -> step.step(x, y));
        emit(String.format(Locale.ROOT, "{\"case\": \"xor\", \"steps_per_s\": %.1f, \"bytes_per_step\": %d, \"engine\": \"%s\"}",
                steps, bytes, step.name()));
    }

    private static void predict(double seconds) {
        Predictor predictor = Predictor.of(Workloads.mlp(1));
        float[] x = Workloads.randomInputs(new Rng(3), 1, Workloads.MLP_INPUTS).floatData();
        float[] out = new float[Workloads.MLP_CLASSES];
        double perSecond = rate(count -> {
            for (long i = 0; i < count; i++) {
                predictor.predict(x, out);
            }
        }, seconds);
        long bytes = allocatedPerStep(() -> predictor.predict(x, out));
        emit(String.format(Locale.ROOT, "{\"case\": \"predict\", \"microseconds\": %.2f, \"bytes_per_call\": %d}",
                1e6 / perSecond, bytes));
    }

    private static void predictBatch(int batch, int threads, double seconds) {
        Predictor predictor = Predictor.of(Workloads.mlp(1), threads);
        float[] x = Workloads.randomInputs(new Rng(3), batch, Workloads.MLP_INPUTS).floatData();
        float[] out = new float[batch * Workloads.MLP_CLASSES];
        double perSecond = rate(count -> {
            for (long i = 0; i < count; i++) {
                predictor.predict(x, batch, out);
            }
        }, seconds);
        long bytes = allocatedPerStep(() -> predictor.predict(x, batch, out));
        emit(String.format(Locale.ROOT, "{\"case\": \"predictbatch\", \"batch\": %d, \"threads\": %d, "
                + "\"rows_per_s\": %.1f, \"bytes_per_call\": %d}", batch, threads, perSecond * batch, bytes));
    }

    private static void gemm(int batch, int threads, double seconds, String product) {
        try (ParallelGemm gemm = Kernels.gemm(threads)) {
            Rng rng = new Rng(4);
            for (Workloads.Product p : Workloads.Product.values()) {
                if (!product.equals("all") && !product.equalsIgnoreCase(p.name())) {
                    continue;
                }
                int m = p.m(batch);
                int n = p.n(batch);
                int k = p.k(batch);
                float[] a = Workloads.randomInputs(rng, m, k).floatData();
                float[] b = Workloads.randomInputs(rng, k, n).floatData();
                float[] c = new float[m * n];
                double perSecond = rate(count -> {
                    for (long i = 0; i < count; i++) {
                        gemm.sgemm(p.transA, p.transB, m, n, k, a, b, 0f, c);
                    }
                }, seconds);
                emit(String.format(Locale.ROOT, "{\"case\": \"gemm\", \"product\": \"%s\", \"m\": %d, \"n\": %d, \"k\": %d, "
                        + "\"threads\": %d, \"gflops\": %.2f}", p.name().toLowerCase(Locale.ROOT), m, n, k, threads,
                        perSecond * 2.0 * m * n * k / 1e9));
            }
        }
    }

    /**
     * Bytes the calling thread allocates per call in steady state: the least of five windows of
     * 200 calls (a window may catch the JIT still replacing interpreted code, which allocates).
     */
    private static long allocatedPerStep(Runnable call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int window = 0; window < 5 && least > 0; window++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 200; i++) {
                call.run();
            }
            long after = mx.getThreadAllocatedBytes(id);
            long overhead = mx.getThreadAllocatedBytes(id) - after;
            least = Math.min(least, (after - before - overhead) / 200);
        }
        return least;
    }

    private static void closeIfPossible(TrainingStep step) {
        if (step instanceof AutoCloseable) {
            try {
                ((AutoCloseable) step).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void emit(String json) {
        System.out.println(json);
        System.out.flush();
    }
}
