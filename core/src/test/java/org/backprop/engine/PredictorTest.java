package org.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PredictorTest {

    @Test
    void singleRowAndBatchPredictionsEqualTheNetworksOwn() {
        // Given a network with several activations (dropout is a no-op at inference)
        Network net = NetworkSpec.parse("70 relu, dropout 0.3, 33 tanh, 10 softmax").build(45, new Rng(2));
        net.eval();
        Predictor predictor = Predictor.of(net);
        Tensor batch = FusedMlpStepTest.random(new Rng(4), 9, 45);
        // When both predict
        Tensor expected = net.predict(batch);
        Tensor together = predictor.predict(batch);
        // Then the batch agrees, and each single row agrees with its row of the batch
        assertThat(predictor.inputs()).isEqualTo(45);
        assertThat(predictor.outputs()).isEqualTo(10);
        assertThat(together.shape()).isEqualTo(Shape.of(9, 10));
        for (int r = 0; r < 9; r++) {
            float[] row = new float[45];
            System.arraycopy(batch.floatData(), r * 45, row, 0, 45);
            float[] one = predictor.predict(row);
            for (int c = 0; c < 10; c++) {
                assertThat((double) one[c]).isCloseTo(expected.get(r, c), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(together.get(r, c)).isCloseTo(expected.get(r, c), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void manyThreadsPredictAtOnceWithoutInterference() throws Exception {
        // Given one predictor and the expected output of 64 different rows
        Network net = NetworkSpec.parse("40 relu, 3 identity").build(30, new Rng(3));
        Predictor predictor = Predictor.of(net);
        Rng rng = new Rng(5);
        float[][] rows = new float[64][];
        float[][] expected = new float[64][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = FusedMlpStepTest.random(rng, 1, 30).floatData();
            expected[r] = predictor.predict(rows[r]);
        }
        // When eight threads predict all rows 200 times each, in different orders
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 8;
                results.add(pool.submit(() -> {
                    float[] out = new float[3];
                    int wrong = 0;
                    for (int rep = 0; rep < 200; rep++) {
                        for (int i = 0; i < rows.length; i++) {
                            int r = (i + offset + rep) % rows.length;
                            predictor.predict(rows[r], out);
                            for (int c = 0; c < 3; c++) {
                                wrong += Float.compare(out[c], expected[r][c]) == 0 ? 0 : 1;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            // Then every prediction is exactly the single-threaded one
            for (Future<Integer> f : results) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void singleRowPredictionAllocatesNothingAfterWarmUp() {
        // Given a predictor for the benchmark's network shape
        Network net = NetworkSpec.parse("256 relu, 128 relu, 10 softmax").build(784, new Rng(1));
        Predictor predictor = Predictor.of(net);
        float[] x = FusedMlpStepTest.random(new Rng(2), 1, 784).floatData();
        float[] out = new float[10];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long bytes = -1;
        // When it predicts after warm-up (until the JIT has compiled the kernel)
        for (int window = 0; window < 40 && bytes != 0; window++) {
            for (int i = 0; i < 500; i++) {
                predictor.predict(x, out);
            }
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100; i++) {
                predictor.predict(x, out);
            }
            long after = threads.getThreadAllocatedBytes(id);
            bytes = after - before - (threads.getThreadAllocatedBytes(id) - after);
        }
        // Then 100 predictions allocate zero bytes
        assertThat(bytes).isZero();
    }

    @Test
    void batchesGiveTheSameBitsForOneTwoAndThreeThreadsAndForOneRowAtATime() {
        // Given a network of odd widths (a softmax output, so rows depend on every column) and an odd
        // batch: 1027 rows is nine bands of unequal size, each a multiple of the tile height but the last
        Network net = NetworkSpec.parse("67 relu, 29 tanh, 7 softmax").build(53, new Rng(8));
        int rows = 1027;
        float[] x = FusedMlpStepTest.random(new Rng(9), rows, 53).floatData();
        float[][] outs = new float[4][rows * 7];
        // When one, two and three threads predict the batch (twice each: the second reuses the scratch)
        for (int t = 1; t <= 3; t++) {
            Predictor p = Predictor.of(net, t);
            assertThat(p.threads()).isEqualTo(t);
            p.predict(x, rows, outs[t]);
            java.util.Arrays.fill(outs[t], Float.NaN);
            p.predict(x, rows, outs[t]);
        }
        // and one row at a time (the single-threaded path the batch must equal)
        Predictor single = Predictor.of(net, 1);
        float[] row = new float[53];
        float[] one = new float[7];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * 53, row, 0, 53);
            single.predict(row, one);
            System.arraycopy(one, 0, outs[0], r * 7, 7);
        }
        // Then every thread count gives the one-row-at-a-time bits
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < rows * 7; i++) {
                assertThat(Float.floatToRawIntBits(outs[t][i])).as("%d threads, row %d column %d", t, i / 7, i % 7)
                        .isEqualTo(Float.floatToRawIntBits(outs[0][i]));
            }
        }
        // and the Tensor form, on a thread count of its own, gives them too
        Tensor viaTensor = single.withThreads(2).predict(Tensor.wrap(x, Shape.of(rows, 53)));
        for (int i = 0; i < rows * 7; i++) {
            assertThat(Float.floatToRawIntBits(viaTensor.floatData()[i])).isEqualTo(Float.floatToRawIntBits(outs[0][i]));
        }
    }

    @Test
    void batchPredictionAllocatesNothingAfterWarmUp() {
        // Given a two-thread predictor for the benchmark's network shape and a batch of 300 rows
        Network net = NetworkSpec.parse("256 relu, 128 relu, 10 softmax").build(784, new Rng(1));
        Predictor predictor = Predictor.of(net, 2);
        int rows = 300;
        float[] x = FusedMlpStepTest.random(new Rng(2), rows, 784).floatData();
        float[] out = new float[rows * 10];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long bytes = -1;
        // When it predicts batches after warm-up (until the JIT has compiled the kernels)
        for (int window = 0; window < 40 && bytes != 0; window++) {
            for (int i = 0; i < 20; i++) {
                predictor.predict(x, rows, out);
            }
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10; i++) {
                predictor.predict(x, rows, out);
            }
            long after = threads.getThreadAllocatedBytes(id);
            bytes = after - before - (threads.getThreadAllocatedBytes(id) - after);
        }
        // Then ten batches allocate zero bytes on the calling thread
        assertThat(bytes).isZero();
    }

    @Test
    void wrongLengthsAreReported() {
        Predictor predictor = Predictor.of(NetworkSpec.parse("4 relu, 2 identity").build(3, new Rng(1)));
        assertThatThrownBy(() -> predictor.predict(new float[4], new float[2]))
                .hasMessage("Predictor: expected 3 input features, got 4");
        assertThatThrownBy(() -> predictor.predict(new float[3], new float[3]))
                .hasMessage("Predictor: expected an output array of length 2, got 3");
        assertThatThrownBy(() -> predictor.predict(Tensor.zeros(2, 4)))
                .hasMessage("Predictor: expected a batch [B, 3], got [2, 4]");
        assertThatThrownBy(() -> predictor.predict(new float[6], 2, new float[3]))
                .hasMessage("Predictor: 2 rows need 6 input values and room for 4 outputs, got arrays of 6 and 3");
        assertThatThrownBy(() -> Predictor.of(NetworkSpec.parse("2 identity").build(3, new Rng(1)), 0))
                .hasMessage("Predictor: threads must be at least 1, got 0");
    }
}
