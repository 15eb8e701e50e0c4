package org.backprop.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.backprop.autograd.Variable;
import org.backprop.engine.FusedMlpStep;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * The executor's part of one synchronous training step: for its partition, gather the rows of the
 * global mini-batch it holds, set the network to the broadcast weights, and compute the
 * partition's share of the batch's gradient with the fused engine
 * ({@link FusedMlpStep#gradients}: the mean loss's gradient divided by the whole batch's rows, so
 * the shares of all partitions sum to the batch's gradient).
 *
 * <p>The network and the fused engine's buffers are kept per executor JVM between steps (keyed by
 * the training run and the partition, a few runs at most), so a step allocates only the gathered
 * rows and the gradient it returns. They hold no state from one step to the next — every step
 * overwrites the weights — so a task that is retried, or run on another executor, computes the
 * same gradient.
 */
final class ShardGradients implements FlatMapFunction<Iterator<Shard>, ShardResult> {
    private static final long serialVersionUID = 1L;
    private static final int CACHED_WORKERS = 64;
    private static final Map<String, Worker> WORKERS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Worker> eldest) {
            return size() > CACHED_WORKERS;
        }
    };

    private final String run;
    private final String spec;
    private final int inputs;
    private final String loss;
    private final boolean classification;
    private final Broadcast<float[]> weights;
    private final int[] batch;
    private final long[] offsets;
    private final long step;
    private final StepHook hook;

    /**
     * @param run     the training run's id
     * @param spec    the network's one-line spec
     * @param inputs  its input width
     * @param loss    the loss name
     * @param classification whether the targets are class indices (else values)
     * @param weights all parameters, flattened in order
     * @param batch   the global row numbers of this step's mini-batch, in batch order
     * @param offsets the first global row number of each partition
     * @param step    the step number (1-based), for the hook
     * @param hook    called before the work (fault injection in tests), or {@code null}
     */
    ShardGradients(String run, String spec, int inputs, String loss, boolean classification, Broadcast<float[]> weights,
                   int[] batch, long[] offsets, long step, StepHook hook) {
        this.run = run;
        this.spec = spec;
        this.inputs = inputs;
        this.loss = loss;
        this.classification = classification;
        this.weights = weights;
        this.batch = batch;
        this.offsets = offsets;
        this.step = step;
        this.hook = hook;
    }

    @Override
    public Iterator<ShardResult> call(Iterator<Shard> shards) {
        long start = System.nanoTime();
        Shard shard = shards.next();
        if (hook != null) {
            TaskContext task = TaskContext.get();
            hook.beforeStep(step, shard.partition(), task == null ? 0 : task.attemptNumber());
        }
        long lo = offsets[shard.partition()];
        long hi = lo + shard.rows();
        int rows = 0;
        for (int g : batch) {
            rows += g >= lo && g < hi ? 1 : 0;
        }
        if (rows == 0) {
            return List.of(new ShardResult(shard.partition(), 0, 0, null, System.nanoTime() - start)).iterator();
        }
        int f = shard.features();
        int k = shard.rows() == 0 ? 1 : shard.y().length / shard.rows();
        float[] x = new float[rows * f];
        float[] y = new float[rows * k];
        int r = 0;
        for (int g : batch) {
            if (g >= lo && g < hi) {
                int i = (int) (g - lo);
                System.arraycopy(shard.x(), i * f, x, r * f, f);
                System.arraycopy(shard.y(), i * k, y, r * k, k);
                r++;
            }
        }
        Worker worker = worker(shard.partition());
        synchronized (worker) {
            worker.setWeights(weights.value());
            Tensor targets = classification ? Tensor.wrap(y, Shape.of(rows)) : Tensor.wrap(y, Shape.of(rows, k));
            double value = worker.step.gradients(Tensor.wrap(x, Shape.of(rows, f)), targets, batch.length);
            return List.of(new ShardResult(shard.partition(), rows, value, worker.gradients(),
                    System.nanoTime() - start)).iterator();
        }
    }

    private Worker worker(int partition) {
        String key = run + "/" + partition;
        synchronized (WORKERS) {
            return WORKERS.computeIfAbsent(key, unused -> new Worker(spec, inputs, loss));
        }
    }

    /** A network and its gradient-only fused engine, reused between steps. */
    private static final class Worker {
        final Network network;
        final List<Variable> parameters;
        final FusedMlpStep step;

        Worker(String spec, int inputs, String loss) {
            NetworkSpec parsed = NetworkSpec.parse(spec);
            this.network = parsed.build(inputs, new Rng(0)); // weights come from the driver at every step
            this.parameters = network.parameters();
            this.step = FusedMlpStep.gradientsOnly(network, Losses.forName(loss), 1);
        }

        void setWeights(float[] flat) {
            int at = 0;
            for (Variable p : parameters) {
                float[] w = p.value().floatData();
                System.arraycopy(flat, at, w, 0, w.length);
                at += w.length;
            }
        }

        float[] gradients() {
            int total = 0;
            for (Variable p : parameters) {
                total += p.value().size();
            }
            float[] flat = new float[total];
            int at = 0;
            for (Variable p : parameters) {
                float[] g = p.grad().floatData();
                System.arraycopy(g, 0, flat, at, g.length);
                at += g.length;
            }
            return flat;
        }
    }

    /** Called on the executor before a partition's part of a step; a test injects a failure with it. */
    @FunctionalInterface
    interface StepHook extends java.io.Serializable {
        /**
         * @param step      the step, from 1
         * @param partition the partition
         * @param attempt   the task's attempt number, from 0
         */
        void beforeStep(long step, int partition, int attempt);
    }
}
