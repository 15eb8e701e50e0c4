package org.backprop.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * One epoch of mini-batches: the rows in a shuffled order (or in order, given no {@link Rng}), cut
 * into batches of {@code batchSize}; the last batch holds what is left and may be smaller.
 *
 * <pre>{@code
 * for (Batch b : new MiniBatches(train, 64, rng)) { step.step(b.inputs(), b.targets()); }
 * }</pre>
 *
 * <p>Each batch is a fresh copy of its rows, unless the batches come from {@link #reusing}: then
 * one pair of arrays (and one for the smaller last batch) is filled again for every batch, so a
 * training loop that uses each batch before asking for the next allocates nothing per step.
 * Not thread-safe; one iteration at a time.
 */
public final class MiniBatches implements Iterable<Batch> {
    private final Dataset data;
    private final int batchSize;
    private final int[] order;
    private final boolean reuse;

    /**
     * The batches of one epoch; the order is drawn from {@code rng} now (pass {@code null} to keep
     * the rows in order).
     *
     * @param data      the rows to batch; kept, not copied (it is immutable)
     * @param batchSize the rows per batch, at least 1 (a size above {@code N} gives one batch of all rows)
     * @param rng       the generator the row order is drawn from now, advanced by one permutation of
     *                  {@code N}; {@code null} for the rows in dataset order
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public MiniBatches(Dataset data, int batchSize, Rng rng) {
        this(data, batchSize, rng, false);
    }

    /**
     * As {@link #MiniBatches(Dataset, int, Rng)}, but each batch's tensors are overwritten by the
     * next batch: use a batch (as a training step does) before asking for the next one, and copy it
     * to keep it. Same rows, same order.
     *
     * @param data      the rows to batch; kept, not copied
     * @param batchSize the rows per batch, at least 1
     * @param rng       the generator the row order is drawn from now; {@code null} for dataset order
     * @return the batches of one epoch, whose iterator hands out the same two {@link Batch} objects again
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public static MiniBatches reusing(Dataset data, int batchSize, Rng rng) {
        return new MiniBatches(data, batchSize, rng, true);
    }

    private MiniBatches(Dataset data, int batchSize, Rng rng, boolean reuse) {
        this.data = data;
        this.batchSize = checked(batchSize);
        this.order = rng == null ? identity(data.size()) : rng.permutation(data.size());
        this.reuse = reuse;
    }

    /**
     * The number of batches, {@code ⌈N / batchSize⌉}.
     *
     * @return how many batches one iteration gives, at least 1
     */
    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /**
     * The number of batches for {@code rows} rows: {@code ⌈rows / batchSize⌉}.
     *
     * @param rows      the number of rows, at least 0
     * @param batchSize the rows per batch, at least 1
     * @return the number of batches, the last one possibly smaller; 0 for no rows
     * @throws ArithmeticException if {@code batchSize} is 0
     */
    public static int count(int rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        // with reuse: the batches of batchSize rows and the smaller last one, filled again each time
        Epochs reused = reuse ? new Epochs(data, batchSize, order) : null;
        float[] x = reuse ? null : data.features().floatData();
        float[] y = reuse ? null : data.targets().floatData();
        int f = data.featureCount();
        int k = data.task() == Task.CLASSIFICATION ? 1 : data.outputCount();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int b = Math.min(batchSize, order.length - next);
                Batch batch = reuse ? reused.fill(next, b) : fill(x, y, f, k, order, next, empty(data, b));
                next += b;
                return batch;
            }
        };
    }

    /**
     * Epoch after epoch of mini-batches of the same rows with nothing allocated per epoch or per
     * batch: one order array and one pair of batch buffers (and one for the smaller last batch) for
     * the whole run, which the training loop uses as {@code shuffle(rng)} then {@code batch(0)},
     * {@code batch(1)} … each epoch. The batches are those of {@link MiniBatches#reusing} with the same
     * generator: {@link #shuffle} draws the order as {@link Rng#permutation} does. Each batch is
     * overwritten by the next; not thread-safe.
     */
    public static final class Epochs {
        private final Dataset data;
        private final int batchSize;
        private final int[] order;
        private final float[] x;
        private final float[] y;
        private final int f;
        private final int k;
        private Batch full;
        private Batch last;

        /**
         * The batches of {@code batchSize} rows of {@code data}, in order until {@link #shuffle} is called.
         *
         * @param data      the rows
         * @param batchSize rows per batch
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Epochs(Dataset data, int batchSize) {
            this(data, checked(batchSize), identity(data.size()));
        }

        private Epochs(Dataset data, int batchSize, int[] order) {
            this.data = data;
            this.batchSize = batchSize;
            this.order = order;
            this.x = data.features().floatData();
            this.y = data.targets().floatData(); // for classes a fresh float copy of the labels: taken once
            this.f = data.featureCount();
            this.k = data.task() == Task.CLASSIFICATION ? 1 : data.outputCount();
        }

        /**
         * Draws the next epoch's order: the identity permutation shuffled by {@code rng}, as
         * {@link Rng#permutation} (or the rows in order, given {@code null}).
         *
         * @param rng the generator, or {@code null}
         */
        public void shuffle(Rng rng) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (rng != null) {
                rng.shuffle(order);
            }
        }

        /**
         * The number of batches per epoch, {@code ⌈N / batchSize⌉}.
         *
         * @return the batches per epoch
         */
        public int count() {
            return MiniBatches.count(order.length, batchSize);
        }

        /**
         * Batch {@code index} (from 0) of the current order, in a buffer the next call overwrites.
         *
         * @param index the batch, {@code 0 ≤ index < count()}
         * @return the batch
         * @throws IndexOutOfBoundsException if {@code index} is out of range
         */
        public Batch batch(int index) {
            java.util.Objects.checkIndex(index, count());
            int first = index * batchSize;
            return fill(first, Math.min(batchSize, order.length - first));
        }

        private Batch fill(int first, int rows) {
            Batch into = rows == batchSize ? (full != null ? full : (full = empty(data, rows)))
                    : (last != null ? last : (last = empty(data, rows)));
            return MiniBatches.fill(x, y, f, k, order, first, into);
        }
    }

    /**
     * Copies rows {@code order[first …]} of features {@code x} ({@code f} a row) and targets
     * {@code y} ({@code k} a row) into {@code batch} (its size many) and returns it.
     */
    private static Batch fill(float[] x, float[] y, int f, int k, int[] order, int first, Batch batch) {
        float[] bx = batch.inputs().floatData();
        float[] by = batch.targets().floatData();
        int b = batch.size();
        for (int i = 0; i < b; i++) {
            int row = order[first + i];
            copy(x, row * f, bx, i * f, f);
            copy(y, row * k, by, i * k, k);
        }
        return batch;
    }

    /** {@link System#arraycopy}, but a plain loop for the few values of a narrow row, where the call costs more than the copy. */
    private static void copy(float[] from, int at, float[] to, int into, int n) {
        if (n < 16) {
            for (int j = 0; j < n; j++) {
                to[into + j] = from[at + j];
            }
        } else {
            System.arraycopy(from, at, to, into, n);
        }
    }

    private static Batch empty(Dataset data, int b) {
        int f = data.featureCount();
        int k = data.task() == Task.CLASSIFICATION ? 1 : data.outputCount();
        Tensor targets = data.task() == Task.CLASSIFICATION ? Tensor.wrap(new float[b], Shape.of(b))
                : Tensor.wrap(new float[b * k], Shape.of(b, k));
        return new Batch(Tensor.wrap(new float[b * f], Shape.of(b, f)), targets);
    }

    private static int checked(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        return batchSize;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
