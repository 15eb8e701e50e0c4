package org.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The serving predictor on raw rows: the answers of {@link TrainedModel#predict}, bit for bit, from any number of threads. */
class ModelPredictorTest {
    private static final int FEATURES = 12;
    private static final int ROWS = 128;

    /** A model with random weights and a standard scaler fitted to raw rows of mean 5 and spread 10. */
    private static TrainedModel model(String spec, Task task, List<String> classes, float[][] rows) {
        Rng rng = new Rng(11);
        float[] flat = new float[ROWS * FEATURES];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                rows[i][j] = (float) (5 + 10 * (rng.nextDouble() - 0.5) * (j + 1));
                flat[i * FEATURES + j] = rows[i][j];
            }
        }
        FeatureScaler scaler = FeatureScaler.fit(Scaling.STANDARD, Tensor.of(flat, ROWS, FEATURES));
        List<String> features = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            features.add("f" + j);
        }
        Provenance p = new Provenance("test", "17", 11, Map.of(), "random", "none", 0, "2026-01-01T00:00:00Z", "none");
        return new TrainedModel(NetworkSpec.parse(spec).build(FEATURES, rng), task, scaler, features, "y", classes,
                task == Task.CLASSIFICATION ? "cross-entropy" : "mse", p);
    }

    @Test
    void eightThreadsGiveTheSingleThreadedBitsAndThoseOfTrainedModelPredict() throws Exception {
        for (String spec : List.of("24 tanh, 5 softmax", "24 relu, 5 identity", "16 relu, 2 identity")) {
            // Given a model (classification with a softmax or a logits output, or regression) and raw rows
            boolean regression = spec.endsWith("2 identity");
            float[][] rows = new float[ROWS][];
            TrainedModel model = model(spec, regression ? Task.REGRESSION : Task.CLASSIFICATION,
                    regression ? List.of() : List.of("a", "b", "c", "d", "e"), rows);
            ModelPredictor predictor = model.predictor();

            // the answers of one thread, which are those of TrainedModel.predict (what `backprop predict` runs)
            float[] flat = new float[ROWS * FEATURES];
            for (int i = 0; i < ROWS; i++) {
                System.arraycopy(rows[i], 0, flat, i * FEATURES, FEATURES);
            }
            Tensor batch = model.predict(Tensor.of(flat, ROWS, FEATURES));
            float[][] expected = new float[ROWS][];
            int[] labels = new int[ROWS];
            for (int i = 0; i < ROWS; i++) {
                ModelPredictor.Prediction p = predictor.predict(rows[i]);
                expected[i] = p.values();
                labels[i] = p.label();
                for (int c = 0; c < predictor.outputs(); c++) {
                    assertThat(Float.floatToRawIntBits(expected[i][c])).as("%s row %d output %d", spec, i, c)
                            .isEqualTo(Float.floatToRawIntBits((float) batch.get(i, c)));
                }
                if (!regression) {
                    assertThat(labels[i]).isEqualTo(batch.argmaxRows()[i]);
                    assertThat(p.className()).isEqualTo(model.classNames().get(labels[i]));
                }
            }

            // When 8 threads predict every row 50 times each, in different orders, through both methods, and
            // every tenth time the whole batch at once
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int offset = t * 17;
                    boolean allocating = t % 2 == 0;
                    results.add(pool.submit(() -> {
                        float[] out = new float[predictor.outputs()];
                        int wrong = 0;
                        for (int rep = 0; rep < 50; rep++) {
                            for (int k = 0; k < ROWS; k++) {
                                int i = (k * 7 + offset + rep) % ROWS;
                                int label;
                                float[] values;
                                if (allocating) {
                                    ModelPredictor.Prediction p = predictor.predict(rows[i]);
                                    label = p.label();
                                    values = p.values();
                                } else {
                                    label = predictor.predict(rows[i], out);
                                    values = out;
                                }
                                wrong += label == labels[i] ? 0 : 1;
                                for (int c = 0; c < values.length; c++) {
                                    wrong += Float.floatToRawIntBits(values[c]) == Float.floatToRawIntBits(expected[i][c]) ? 0 : 1;
                                }
                            }
                            if (rep % 10 == 0) {
                                // the whole batch at once, on the batched path, from several threads too
                                ModelPredictor.Prediction[] all = predictor.predict(rows);
                                for (int i = 0; i < ROWS; i++) {
                                    wrong += all[i].label() == labels[i] ? 0 : 1;
                                    for (int c = 0; c < all[i].values().length; c++) {
                                        wrong += Float.floatToRawIntBits(all[i].values()[c])
                                                == Float.floatToRawIntBits(expected[i][c]) ? 0 : 1;
                                    }
                                }
                            }
                        }
                        return wrong;
                    }));
                }
                // Then all 8 × 50 × 128 predictions have exactly the single-threaded bits
                for (Future<Integer> f : results) {
                    assertThat(f.get()).as(spec).isZero();
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
