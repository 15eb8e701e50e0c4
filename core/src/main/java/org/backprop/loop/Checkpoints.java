package org.backprop.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.backprop.io.AtomicFiles;
import org.backprop.nn.Dropout;
import org.backprop.nn.Module;
import org.backprop.optim.Optimizer;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * Checkpoints of a training run in one directory, so that a run killed at any moment can be
 * resumed and end with exactly the weights of an uninterrupted run.
 *
 * <p>Each checkpoint is one file {@code checkpoint-<steps>.bpck} ({@link CheckpointFile}: the
 * weights, the optimiser's state, the batch-order and dropout generators' states, the epoch and
 * position in the shuffled data, the history and the early-stopping bookkeeping, sealed by a
 * SHA-256), written atomically (a temporary file renamed over the target), after every epoch and
 * every {@code everySteps} steps. The newest {@code keep} are kept. A save interrupted by a crash
 * leaves at most a temporary file, which the next save removes.
 *
 * <p>{@link #resume} loads the newest checkpoint whose seal holds; a damaged one is reported
 * through the notes and the one before it is used. A checkpoint records the run's settings and data
 * fingerprint ({@code run}); resuming with different ones is refused, naming the first difference.
 */
public final class Checkpoints {
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".bpck";
    /** A checkpoint file larger than this is not read (ours are the size of the model and its optimiser state). */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    /**
     * Where and how often to save.
     *
     * @param directory  the checkpoint directory (created when missing)
     * @param everySteps also save every this many optimiser steps; 0 = after each epoch only
     * @param keep       how many of the newest checkpoints to keep, at least 1
     */
    public record Policy(Path directory, int everySteps, int keep) {
        /**
         * Validates the fields.
         *
         * @param directory the checkpoint directory, not {@code null} (created when missing)
         * @param everySteps also save every this many optimiser steps, {@code ≥ 0}; 0 = after each epoch only
         * @param keep how many of the newest checkpoints to keep, at least 1
         * @throws IllegalArgumentException if {@code directory} is {@code null} or a number is out of range
         */
        public Policy {
            if (directory == null) {
                throw new IllegalArgumentException("checkpoints: no directory");
            }
            if (everySteps < 0) {
                throw new IllegalArgumentException("checkpoints: everySteps must be 0 or more, got " + everySteps);
            }
            if (keep < 1) {
                throw new IllegalArgumentException("checkpoints: keep must be at least 1, got " + keep);
            }
        }
    }

    private final Policy policy;
    private final Map<String, Object> run;
    private final Consumer<String> notes;

    /**
     *
     * @param policy where and how often to save, and how many to keep
     * @param run   what identifies the run (settings and data fingerprint): saved, and compared on resume
     * @param notes receives one-line warnings and notices (a damaged checkpoint, where training resumed)
     */
    public Checkpoints(Policy policy, Map<String, Object> run, Consumer<String> notes) {
        this.policy = policy;
        this.run = new LinkedHashMap<>(run);
        this.notes = notes;
    }

    /**
     * The policy.
     *
     * @return the policy given to the constructor
     */
    public Policy policy() {
        return policy;
    }

    /** Whether a checkpoint is due after step {@code steps} (besides the one after each epoch). */
    boolean due(long steps) {
        return policy.everySteps() > 0 && steps % policy.everySteps() == 0;
    }

    /**
     * Saves the run's state now, then removes the checkpoints beyond the newest {@code keep} and any
     * temporary file an interrupted save left behind.
     *
     * @throws UncheckedIOException if the file cannot be written (the previous checkpoints are intact)
     */
    void save(TrainingProgress p, Module model, Optimizer optimizer) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", "backprop-checkpoint");
        h.put("formatVersion", 1L);
        h.put("run", run);
        h.put("epoch", (long) p.epoch);
        h.put("batch", (long) p.batch);
        h.put("steps", p.steps);
        h.put("epochStart", rngState(p.epochStart));
        h.put("baseRate", bits(p.baseRate));
        h.put("lossSum", bits(p.lossSum));
        h.put("rows", (long) p.rows);
        List<Object> norms = new ArrayList<>();
        for (double v : p.normSums) {
            norms.add(bits(v));
        }
        h.put("normSums", norms);
        h.put("lastFinite", bits(p.lastFinite));
        h.put("bestLoss", bits(p.bestLoss));
        h.put("bestEpoch", (long) p.bestEpoch);
        h.put("sinceBest", (long) p.sinceBest);
        h.put("reason", p.reason.name());
        h.put("message", p.message);
        h.put("elapsed", bits(p.elapsedBefore));
        List<Object> records = new ArrayList<>();
        for (EpochRecord r : p.records) {
            records.add(record(r));
        }
        h.put("records", records);
        List<Object> dropout = new ArrayList<>();
        for (Rng r : dropoutRngs(model)) {
            dropout.add(rngState(r.state()));
        }
        h.put("dropout", dropout);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put("model/" + k, v));
        optimizer.stateDict().forEach((k, v) -> tensors.put("optimizer/" + k, v));
        if (p.bestWeights != null) {
            p.bestWeights.forEach((k, v) -> tensors.put("best/" + k, v));
        }
        byte[] bytes = CheckpointFile.encode(h, tensors);
        Path dir = policy.directory();
        try {
            AtomicFiles.write(dir.resolve(String.format(Locale.ROOT, "%s%012d%s", PREFIX, p.steps, SUFFIX)), bytes);
            List<Path> all = checkpointFiles();
            for (int i = policy.keep(); i < all.size(); i++) {
                Files.deleteIfExists(all.get(i));
            }
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "." + PREFIX + "*.tmp")) {
                for (Path t : stale) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores the newest intact checkpoint into {@code model}, {@code optimizer} and the
     * batch-order generator, and returns where the run stands; {@code null} when there is none
     * (the run starts afresh).
     *
     * @throws IllegalArgumentException if the checkpoint belongs to a run with other settings or data
     * @throws UncheckedIOException     if the directory cannot be read
     */
    TrainingProgress resume(Module model, Optimizer optimizer, Rng batchOrder) {
        List<Path> files;
        try {
            files = Files.isDirectory(policy.directory()) ? checkpointFiles() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint directory " + policy.directory() + ": "
                    + e.getMessage(), e);
        }
        for (Path f : files) {
            CheckpointFile.Contents c;
            try {
                long size = Files.size(f);
                if (size > MAX_BYTES) {
                    throw new IllegalArgumentException(size + " bytes, more than a checkpoint can be");
                }
                c = CheckpointFile.decode(Files.readAllBytes(f));
            } catch (IOException | RuntimeException e) {
                notes.accept("warning: checkpoint " + f + " is damaged (" + e.getMessage() + "); using the one before it");
                continue;
            }
            checkSameRun(f, c.header());
            TrainingProgress p = restore(c, model, optimizer, batchOrder, f);
            notes.accept(String.format(Locale.ROOT, "resuming from %s: epoch %d, batch %d, step %d",
                    f, p.epoch, p.batch, p.steps));
            return p;
        }
        if (!files.isEmpty()) {
            notes.accept("warning: no intact checkpoint in " + policy.directory() + "; training starts afresh");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void checkSameRun(Path f, Map<String, Object> header) {
        Object saved = header.get("run");
        Map<String, Object> was = saved instanceof Map ? (Map<String, Object>) saved : Map.of();
        Map<String, Object> now = (Map<String, Object>) org.backprop.io.Json.parse(org.backprop.io.Json.write(run));
        for (String key : now.keySet()) {
            if (!String.valueOf(now.get(key)).equals(String.valueOf(was.get(key)))) {
                throw new IllegalArgumentException("checkpoint " + f + " is from another run: " + key + " was "
                        + was.get(key) + ", now " + now.get(key) + " (resume with the same data and settings)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private TrainingProgress restore(CheckpointFile.Contents c, Module model, Optimizer optimizer, Rng batchOrder,
                                     Path f) {
        Map<String, Object> h = c.header();
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, Tensor> optimizerState = new LinkedHashMap<>();
        Map<String, Tensor> best = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith("model/")) {
                weights.put(k.substring(6), v);
            } else if (k.startsWith("optimizer/")) {
                optimizerState.put(k.substring(10), v);
            } else if (k.startsWith("best/")) {
                best.put(k.substring(5), v);
            }
        });
        List<Object> norms = (List<Object>) h.get("normSums");
        TrainingProgress p = new TrainingProgress(unbits(h.get("baseRate")), norms.size());
        model.loadStateDict(weights);
        optimizer.loadStateDict(optimizerState);
        p.epoch = ((Number) h.get("epoch")).intValue();
        p.batch = ((Number) h.get("batch")).intValue();
        p.steps = ((Number) h.get("steps")).longValue();
        p.epochStart = rngState((Map<String, Object>) h.get("epochStart"));
        batchOrder.restore(p.epochStart);
        p.lossSum = unbits(h.get("lossSum"));
        p.rows = ((Number) h.get("rows")).intValue();
        for (int i = 0; i < norms.size(); i++) {
            p.normSums[i] = unbits(norms.get(i));
        }
        p.lastFinite = unbits(h.get("lastFinite"));
        p.bestLoss = unbits(h.get("bestLoss"));
        p.bestEpoch = ((Number) h.get("bestEpoch")).intValue();
        p.sinceBest = ((Number) h.get("sinceBest")).intValue();
        p.bestWeights = best.isEmpty() ? null : best;
        p.reason = StopReason.valueOf((String) h.get("reason"));
        p.message = (String) h.get("message");
        p.elapsedBefore = unbits(h.get("elapsed"));
        for (Object o : (List<Object>) h.get("records")) {
            p.records.add(record((Map<String, Object>) o));
        }
        List<Object> dropout = (List<Object>) h.get("dropout");
        List<Rng> rngs = dropoutRngs(model);
        if (dropout.size() != rngs.size()) {
            throw new IllegalArgumentException("checkpoint " + f + " has " + dropout.size()
                    + " dropout generators, the model " + rngs.size());
        }
        for (int i = 0; i < rngs.size(); i++) {
            rngs.get(i).restore(rngState((Map<String, Object>) dropout.get(i)));
        }
        return p;
    }

    private List<Path> checkpointFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(policy.directory(), PREFIX + "*" + SUFFIX)) {
            s.forEach(out::add);
        }
        out.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return out;
    }

    /** The dropout layers' generators, in module order. */
    private static List<Rng> dropoutRngs(Module model) {
        List<Rng> out = new ArrayList<>();
        collect(model, out);
        return out;
    }

    private static void collect(Module m, List<Rng> out) {
        if (m instanceof Dropout) {
            out.add(((Dropout) m).rng());
        }
        for (Module child : m.namedChildren().values()) {
            collect(child, out);
        }
    }

    private static Map<String, Object> record(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", (long) r.epoch());
        m.put("trainLoss", bits(r.trainLoss()));
        m.put("validationLoss", bits(r.validationLoss()));
        m.put("metricName", r.metricName());
        m.put("validationMetric", bits(r.validationMetric()));
        m.put("learningRate", bits(r.learningRate()));
        m.put("seconds", bits(r.seconds()));
        m.put("elapsedSeconds", bits(r.elapsedSeconds()));
        m.put("steps", r.steps());
        Map<String, Object> norms = new LinkedHashMap<>();
        r.gradientNorms().forEach((k, v) -> norms.put(k, bits(v)));
        m.put("gradientNorms", norms);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static EpochRecord record(Map<String, Object> m) {
        Map<String, Double> norms = new LinkedHashMap<>();
        ((Map<String, Object>) m.get("gradientNorms")).forEach((k, v) -> norms.put(k, unbits(v)));
        return new EpochRecord(((Number) m.get("epoch")).intValue(), unbits(m.get("trainLoss")),
                unbits(m.get("validationLoss")), (String) m.get("metricName"), unbits(m.get("validationMetric")),
                unbits(m.get("learningRate")), unbits(m.get("seconds")), unbits(m.get("elapsedSeconds")),
                ((Number) m.get("steps")).longValue(), norms);
    }

    private static Map<String, Object> rngState(Rng.State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("spare", bits(s.spareGaussian()));
        m.put("hasSpare", s.hasSpare());
        return m;
    }

    private static Rng.State rngState(Map<String, Object> m) {
        return new Rng.State(((Number) m.get("state")).longValue(), unbits(m.get("spare")),
                (Boolean) m.get("hasSpare"));
    }

    /** A double as its exact bits (JSON numbers lose NaN, infinities and sometimes the last bit). */
    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static double unbits(Object o) {
        return Double.longBitsToDouble(((Number) o).longValue());
    }
}
