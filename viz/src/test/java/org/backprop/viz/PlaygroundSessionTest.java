package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.backprop.io.Json;
import org.junit.jupiter.api.Test;

/** The session without a server: features, heatmaps, regression, and the size of what it publishes. */
// Timeout: a guard against a hung session thread, not a speed assertion.
@org.junit.jupiter.api.Timeout(120)
class PlaygroundSessionTest {

    private static PlaygroundConfig config(Map<String, Object> fields) {
        return PlaygroundConfig.fromMap(fields);
    }

    private static Map<?, ?> state(PlaygroundSession s) {
        return (Map<?, ?>) Json.parse(s.state());
    }

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void theCircleIsSeparatedWithoutHiddenLayersGivenTheSquaredFeatures() {
        // Given the circle, the features x₁² and x₂², and no hidden layer: p = σ(w₁u₁² + w₂u₂² + b)
        try (PlaygroundSession s = new PlaygroundSession("t", config(Map.of("dataset", "circle",
                "features", List.of("x1sq", "x2sq"), "hidden", List.of(), "learningRate", 3)))) {
            Map<?, ?> before = state(s);
            List<?> layers = (List<?>) before.get("layers");
            assertThat(layers).hasSize(1);
            // the network's input width follows the features: one weight per feature
            assertThat((List<?>) ((List<?>) ((Map<?, ?>) layers.get(0)).get("weights")).get(0)).hasSize(2);
            // When it trains 40 epochs
            for (int i = 0; i < 40; i++) {
                s.step();
            }
            // Then a circle through the origin separates the classes: every test point is right
            Map<?, ?> after = state(s);
            assertThat(number(after, "testAccuracy")).isGreaterThanOrEqualTo(0.99);
            assertThat(number(after, "testLoss")).isLessThan(number(before, "testLoss") / 2);
        }
    }

    @Test
    void withOnlyXOneAndXTwoAndNoHiddenLayerTheCircleIsNotSeparated() {
        // the same run on x₁, x₂: a straight line cannot separate a circle (the test above is not trivial)
        try (PlaygroundSession s = new PlaygroundSession("t", config(Map.of("dataset", "circle",
                "hidden", List.of(), "learningRate", 3)))) {
            for (int i = 0; i < 40; i++) {
                s.step();
            }
            assertThat(number(state(s), "testAccuracy")).isLessThan(0.8);
        }
    }

    @Test
    void everyNeuronAndInputHasAHeatmapAndTheHiddenOnesChangeWhileTraining() {
        try (PlaygroundSession s = new PlaygroundSession("t", PlaygroundConfig.defaults())) {
            Map<?, ?> before = state(s);
            // inputs: all seven features, two of them on, each a thumbnail
            List<?> inputs = (List<?>) before.get("inputs");
            assertThat(inputs).hasSize(InputFeature.values().length);
            assertThat(inputs.stream().filter(i -> Boolean.TRUE.equals(((Map<?, ?>) i).get("active")))).hasSize(2);
            for (Object i : inputs) {
                assertThat(cells((Map<?, ?>) ((Map<?, ?>) i).get("heatmap"))).hasSize(PlaygroundSession.THUMBNAIL
                        * PlaygroundSession.THUMBNAIL);
            }
            // neurons: 4 and 2 hidden, 1 output, one thumbnail each; the output also whole
            List<?> layers = (List<?>) before.get("layers");
            int[] widths = {4, 2, 1};
            for (int k = 0; k < 3; k++) {
                assertThat((List<?>) ((Map<?, ?>) layers.get(k)).get("heatmaps")).hasSize(widths[k]);
            }
            Map<?, ?> output = (Map<?, ?>) before.get("output");
            assertThat(cells(output)).hasSize(PlaygroundSession.GRID * PlaygroundSession.GRID);
            assertThat(number(output, "lo")).isEqualTo(0.0);
            // When it trains, then every hidden neuron's map changes
            for (int i = 0; i < 5; i++) {
                s.step();
            }
            List<?> later = (List<?>) state(s).get("layers");
            for (int k = 0; k < 2; k++) {
                List<?> a = (List<?>) ((Map<?, ?>) layers.get(k)).get("heatmaps");
                List<?> b = (List<?>) ((Map<?, ?>) later.get(k)).get("heatmaps");
                for (int j = 0; j < a.size(); j++) {
                    assertThat(cells((Map<?, ?>) b.get(j))).as("layer %d neuron %d", k, j)
                            .isNotEqualTo(cells((Map<?, ?>) a.get(j)));
                }
            }
        }
    }

    @Test
    void aRegressionDatasetTrainsOnTheSquaredErrorAndItsLossFalls() {
        for (String dataset : new String[] {"plane", "multi_gaussian"}) {
            Map<String, Object> c = new HashMap<>(Map.of("dataset", dataset, "hidden", List.of(8, 8),
                    "learningRate", 0.03));
            try (PlaygroundSession s = new PlaygroundSession("t", config(c))) {
                Map<?, ?> before = state(s);
                assertThat(before.get("problem")).isEqualTo("regression");
                assertThat(before.get("lossName")).isEqualTo("mse");
                assertThat(before.containsKey("testAccuracy")).isFalse();
                // the output is a value on the colour scale [−1, 1], not a probability
                assertThat(number((Map<?, ?>) before.get("output"), "lo")).isEqualTo(-1.0);
                for (int i = 0; i < 30; i++) {
                    s.step();
                }
                Map<?, ?> after = state(s);
                assertThat(number(after, "testLoss")).as(dataset).isLessThan(0.8 * number(before, "testLoss"));
                // a weight's chain rule is the squared error's on the identity output
                Map<String, Object> e = s.explainWeight(0, 0, 1);
                assertThat(e.get("loss")).isEqualTo("mse");
                double product = 1;
                for (Object f : (List<?>) e.get("factors")) {
                    product *= ((Number) ((Map<?, ?>) f).get("value")).doubleValue();
                }
                double g = ((Number) e.get("gradient")).doubleValue();
                assertThat(product).isCloseTo(g, within(1e-12 + 1e-9 * Math.abs(g)));
            }
        }
    }

    @Test
    void thePublishedStateStaysSmallForTheLargestNetwork() {
        // Given every feature and six hidden layers of eight neurons: 7 + 48 + 1 heatmaps
        try (PlaygroundSession s = new PlaygroundSession("t", config(Map.of("features",
                List.of("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"), "hidden", List.of(8, 8, 8, 8, 8, 8))))) {
            s.step();
            String json = s.state();
            // Then one event is bounded: each thumbnail 400 bytes as base64, the output 1600
            assertThat(json.length()).isLessThan(128 * 1024);
            Map<?, ?> st = (Map<?, ?>) Json.parse(json);
            assertThat((List<?>) ((Map<?, ?>) ((List<?>) st.get("layers")).get(0)).get("weights")).hasSize(8);
            assertThat((List<?>) ((List<?>) ((Map<?, ?>) ((List<?>) st.get("layers")).get(0)).get("weights")).get(0))
                    .hasSize(7);
            System.out.println("playground state, 7 features, 6 × 8 hidden: " + json.length() + " characters");
        }
    }

    private static byte[] cells(Map<?, ?> heatmap) {
        return Base64.getDecoder().decode((String) heatmap.get("cells"));
    }
}
