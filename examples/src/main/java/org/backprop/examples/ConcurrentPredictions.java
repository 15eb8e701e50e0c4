package org.backprop.examples;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.model.ModelPredictor;
import org.backprop.random.Rng;
import org.backprop.train.Training;
import org.backprop.train.TrainingSettings;

/**
 * One {@link ModelPredictor} shared by 8 threads, each making 10,000 predictions, compared bit for
 * bit with the same predictions made on one thread first.
 */
public final class ConcurrentPredictions {

    /**
     * The outcome.
     *
     * @param predictions  predictions made by the threads together
     * @param mismatches   how many differed in any bit from the single-threaded ones
     * @param p50Micros    the median time of one single-threaded prediction, in µs
     */
    public record Result(int predictions, int mismatches, double p50Micros) {
    }

    private ConcurrentPredictions() {
    }

    /**
     * Runs the example.
     *
     * @param args unused
     * @throws Exception if a thread fails
     */
    public static void main(String[] args) throws Exception {
        Result r = run(8, 10_000);
        System.out.printf("%d predictions on 8 threads, %d mismatches; p50 %.1f µs per prediction%n",
                r.predictions(), r.mismatches(), r.p50Micros());
    }

    /**
     * Trains a small model, then predicts {@code perThread} rows on each of {@code threads} threads.
     *
     * @param threads   threads sharing the predictor
     * @param perThread predictions per thread
     * @return the outcome
     * @throws Exception if a thread fails
     */
    public static Result run(int threads, int perThread) throws Exception {
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));
        ModelPredictor predictor = Training.run(blobs, null,
                TrainingSettings.defaults().withLayers("32,16").withEpochs(5).withThreads(1), List.of()).model().predictor();

        // Raw rows (the predictor scales them) and the answers of one thread, with timings
        float[][] rows = new float[perThread][];
        float[][] expected = new float[perThread][];
        long[] nanos = new long[perThread];
        Rng rng = new Rng(7);
        for (int i = 0; i < perThread; i++) {
            rows[i] = new float[] {(float) (rng.nextGaussian() * 3), (float) (rng.nextGaussian() * 3)};
            long t0 = System.nanoTime();
            expected[i] = predictor.predict(rows[i]).values();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int bad = 0;
                    float[] out = new float[predictor.outputs()];
                    for (int k = 0; k < perThread; k++) {
                        int i = (k + offset * 1237) % perThread;             // each thread in its own order
                        predictor.predict(rows[i], out);                    // allocation-free form
                        bad += Arrays.equals(out, expected[i]) ? 0 : 1;
                    }
                    return bad;
                }));
            }
            int mismatches = 0;
            for (Future<Integer> f : results) {
                mismatches += f.get();
            }
            return new Result(threads * perThread, mismatches, nanos[perThread / 2] / 1e3);
        } finally {
            pool.shutdownNow();
        }
    }
}
