package org.backprop.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Mini-batches, fresh and reusing: the same rows in the same order, and what each allocates. */
class MiniBatchesTest {

    private static Dataset digitsLike(int rows, int features) {
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 31 % 97) / 97f;
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 10;
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("f" + j);
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return Dataset.classification("test", Tensor.wrap(x, Shape.of(rows, features)), labels, names, "digit", classes);
    }

    @Test
    void reusingBatchesHoldTheSameRowsInTheSameOrder() {
        // Given 103 rows in batches of 10 (the last one 3 rows)
        Dataset d = digitsLike(103, 5);
        List<float[]> fresh = new ArrayList<>();
        List<float[]> freshTargets = new ArrayList<>();
        for (Batch b : new MiniBatches(d, 10, new Rng(9))) {
            fresh.add(b.inputs().floatData().clone());
            freshTargets.add(b.targets().floatData().clone());
        }
        // When the same epoch is cut by a reusing iteration (copying each batch before the next)
        List<float[]> reused = new ArrayList<>();
        List<float[]> reusedTargets = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Batch b : MiniBatches.reusing(d, 10, new Rng(9))) {
            reused.add(b.inputs().floatData().clone());
            reusedTargets.add(b.targets().floatData().clone());
            shapes.add(b.inputs().shape());
        }
        // Then every batch holds the same values, and the last is the 3 rows left
        assertThat(reused).hasSize(11);
        for (int i = 0; i < 11; i++) {
            assertThat(reused.get(i)).containsExactly(fresh.get(i));
            assertThat(reusedTargets.get(i)).containsExactly(freshTargets.get(i));
        }
        assertThat(shapes.get(10)).isEqualTo(Shape.of(3, 5));
    }

    @Test
    void aReusingEpochAllocatesNothingPerBatch() {
        // Given 6400 rows of 64 features in batches of 32 (200 batches, 8 KiB of inputs each)
        Dataset d = digitsLike(6400, 64);
        long fresh = -1;
        long reusing = -1;
        // When whole epochs are cut, after warm-up, fresh and reusing
        for (int round = 0; round < 20; round++) {
            fresh = epochBytes(new MiniBatches(d, 32, new Rng(round)));
            reusing = epochBytes(MiniBatches.reusing(d, 32, new Rng(round)));
        }
        // Then fresh batches copy every row into new arrays, while reusing ones allocate only the
        // epoch's own arrays (the shuffled order and the label column, 2 × 25 KiB) and one batch
        assertThat(fresh).isGreaterThan(6400L * 64 * 4);
        assertThat(reusing).isLessThan(2L * 6400 * 4 + 4L * 32 * 64 * 4 + 16_384);
    }

    @Test
    void epochsCutTheBatchesOfAReusingIterationAndAllocateNothingPerEpoch() {
        // Given 103 rows in batches of 10, and two generators in the same state
        Dataset d = digitsLike(103, 5);
        Rng a = new Rng(9);
        Rng b = new Rng(9);
        MiniBatches.Epochs epochs = new MiniBatches.Epochs(d, 10);
        assertThat(epochs.count()).isEqualTo(11);
        // When three epochs are cut both ways
        for (int epoch = 0; epoch < 3; epoch++) {
            epochs.shuffle(a);
            int i = 0;
            for (Batch expected : MiniBatches.reusing(d, 10, b)) {
                Batch got = epochs.batch(i++);
                // Then each batch holds the same rows in the same order
                assertThat(got.inputs().floatData()).containsExactly(expected.inputs().floatData());
                assertThat(got.targets().floatData()).containsExactly(expected.targets().floatData());
                assertThat(got.inputs().shape()).isEqualTo(expected.inputs().shape());
            }
            assertThat(i).isEqualTo(11);
        }
        // and once warm, an epoch (shuffle and every batch) allocates nothing
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int epoch = 0; epoch < 200; epoch++) {
                epochs.shuffle(a);
                for (int i = 0; i < epochs.count(); i++) {
                    epochs.batch(i);
                }
            }
            long after = threads.getThreadAllocatedBytes(id);
            least = Math.min(least, after - before - (threads.getThreadAllocatedBytes(id) - after));
        }
        assertThat(least).isZero();
    }

    /** Bytes this thread allocates to iterate every batch of {@code batches} (created before). */
    private static long epochBytes(MiniBatches batches) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        double sum = 0;
        for (Batch b : batches) {
            sum += b.inputs().floatData()[0];
        }
        long after = threads.getThreadAllocatedBytes(id);
        assertThat(sum).isGreaterThanOrEqualTo(0);
        return after - before;
    }
}
