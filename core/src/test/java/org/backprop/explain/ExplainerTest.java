package org.backprop.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.backprop.explain.Explanation.Gradient;
import org.backprop.io.Json;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    // Hand-computed for the lecture network (x = (0.05, 0.1), y = 0.01, L = (ŷ−y)², η = 0.5):
    // z¹ = (0.3775, 0.3925), a¹ = σ(z¹) = (0.593269992, 0.596884378),
    // ŷ = 0.4·0.593269992 + 0.45·0.596884378 + 0.6 = 1.105905967, L = 1.095905967² = 1.201009889,
    // ∂L/∂ŷ = 2·1.095905967 = 2.191811934, ∂L/∂w²₁₁ = 2.191811934·0.593269992 = 1.300336249,
    // ∂L/∂w¹₁₁ = 2.191811934·0.4·σ'(0.3775)·0.05 with σ' = 0.593269992·0.406730008 = 0.241300709.
    private static final double A1 = 1 / (1 + Math.exp(-0.3775));
    private static final double A2 = 1 / (1 + Math.exp(-0.3925));

    @Test
    void lectureForwardPassAndLossMatchHandComputedValues() {
        // Given the lecture network, When it is explained
        Explanation e = Explainer.explain(ExplainSpec.lecture());
        // Then the forward values and the loss are the hand-computed ones
        assertThat(e.step().forward().get(0).z()).containsExactly(new double[] {0.3775, 0.3925}, within(1e-15));
        assertThat(e.step().forward().get(0).a()[0]).isCloseTo(0.593269992, within(1e-9));
        assertThat(e.step().prediction()[0]).isCloseTo(1.105905967, within(1e-9));
        assertThat(e.step().loss()).isCloseTo(1.201009889, within(1e-9));
    }

    @Test
    void jsonValuesMatchHandComputedNumbersAndTheEngine() {
        // Given the JSON of the lecture explanation
        Explanation e = Explainer.explain(ExplainSpec.lecture());
        Map<?, ?> json = (Map<?, ?>) Json.parse(JsonRenderer.render(e));
        Map<?, ?> grads = (Map<?, ?>) json.get("gradients");
        Map<?, ?> updated = (Map<?, ?>) json.get("updated");
        double dy = 2 * (0.4 * A1 + 0.45 * A2 + 0.6 - 0.01);
        // Then the loss and gradients are the hand-computed numbers
        assertThat((Double) json.get("loss")).isCloseTo(1.201009889, within(1e-9));
        assertThat(number(grads, "layers.1.weight", 0, 0)).isCloseTo(1.300336249, within(1e-9));
        assertThat(number(grads, "layers.1.weight", 0, 1)).isCloseTo(dy * A2, within(1e-12));
        assertThat(number(grads, "layers.1.bias", 0)).isCloseTo(2.191811934, within(1e-9));
        assertThat(number(grads, "layers.0.weight", 0, 0)).isCloseTo(dy * 0.4 * A1 * (1 - A1) * 0.05, within(1e-12));
        assertThat(number(grads, "layers.0.weight", 1, 1)).isCloseTo(dy * 0.45 * A2 * (1 - A2) * 0.1, within(1e-12));
        assertThat(number(grads, "layers.0.bias", 1)).isCloseTo(dy * 0.45 * A2 * (1 - A2), within(1e-12));
        assertThat(number(updated, "layers.1.weight", 0, 0)).isCloseTo(0.4 - 0.5 * 1.300336249, within(1e-9));
        assertThat(number(updated, "layers.0.weight", 0, 0)).isCloseTo(0.15 - 0.5 * dy * 0.4 * A1 * (1 - A1) * 0.05,
                within(1e-12));
        // And shaped like the input: weights [out][in], biases [out]
        assertThat((List<?>) grads.get("layers.0.weight")).hasSize(2);
        assertThat((List<?>) ((List<?>) grads.get("layers.1.weight")).get(0)).hasSize(2);
        // And every number equals what the engine recorded
        for (Gradient g : e.step().gradients()) {
            double fromJson = g.isWeight() ? number(grads, g.parameter(), g.row(), g.col()) : number(grads, g.parameter(), g.row());
            assertThat(fromJson).isEqualTo(g.gradient());
        }
    }

    @Test
    void recordedGradientsAgreeWithFiniteDifferencesAndWithTheFactors() {
        Explanation e = Explainer.explain(ExplainSpec.lecture());
        assertThat(e.step().maxRelativeError()).isLessThan(1e-7);
        for (Gradient g : e.step().gradients()) {
            double product = g.factors().stream().mapToDouble(Explanation.Factor::value).reduce(1, (a, b) -> a * b);
            assertThat(product).isCloseTo(g.gradient(), within(1e-14));
        }
    }

    @Test
    void lectureFactorsAreTheChainRuleOfTheSlides() {
        Explanation e = Explainer.explain(ExplainSpec.lecture());
        Gradient w111 = e.step().gradients().get(0);
        assertThat(w111.symbol()).isEqualTo("w¹₁₁");
        assertThat(w111.factors()).extracting(Explanation.Factor::symbol)
                .containsExactly("2(ŷ₁−y₁)", "w²₁₁", "σ'(z¹₁)", "x₁");
    }

    @Test
    void factorsThatDoNotMultiplyToTheRecordedGradientAreRefused() {
        List<Explanation.Factor> wrong = List.of(new Explanation.Factor("a", 2), new Explanation.Factor("b", 3));
        assertThatThrownBy(() -> Explainer.check("∂L/∂w", wrong, 6.0001))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("explain: the chain-rule factors of ∂L/∂w multiply to 6.0 but the backward pass recorded 6.0001");
        Explainer.check("∂L/∂w", wrong, 6.0);
    }

    @Test
    void moreStepsMakeTheLossFall() {
        Explanation e = Explainer.explain(ExplainSpec.lecture(), 10);
        double[] l = e.losses();
        for (int i = 1; i < l.length; i++) {
            assertThat(l[i]).isLessThan(l[i - 1]);
        }
        assertThat(e.finalLoss()).isLessThan(l[l.length - 1]);
    }

    @Test
    void defaultTextOutputIsTheGoldenFile() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/explain/lecture.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(TextRenderer.render(Explainer.explain(ExplainSpec.lecture()))).isEqualTo(expected);
    }

    @Test
    void everyLossAndActivationExplainsConsistently() {
        // Given networks for each loss, When explained, Then factors multiply (checked inside) and match fd
        String[] specs = {
            "{\"input\":[0.5,-0.2,0.1],\"target\":[0.3,0.8],\"loss\":\"half-squared\",\"learningRate\":0.1,\"layers\":["
                + "{\"activation\":\"tanh\",\"weights\":[[0.1,0.2,0.3],[-0.3,0.2,0.1]],\"biases\":[0.1,-0.1]},"
                + "{\"activation\":\"sigmoid\",\"weights\":[[0.5,-0.4],[0.2,0.3]],\"biases\":[0,0.1]}]}",
            "{\"input\":[0.5,-0.2],\"target\":[1],\"loss\":\"bce\",\"learningRate\":0.1,\"layers\":["
                + "{\"activation\":\"relu\",\"weights\":[[0.1,0.2],[-0.3,0.2],[0.4,0.4]],\"biases\":[0.1,-0.1,0]},"
                + "{\"activation\":\"sigmoid\",\"weights\":[[0.5,-0.4,0.3]],\"biases\":[0]}]}",
            "{\"input\":[0.5,-0.2],\"target\":[0,1,0],\"loss\":\"cross-entropy\",\"learningRate\":0.1,\"layers\":["
                + "{\"activation\":\"sigmoid\",\"weights\":[[0.1,0.2],[-0.3,0.2]],\"biases\":[0.1,-0.1]},"
                + "{\"activation\":\"softmax\",\"weights\":[[0.5,-0.4],[0.2,0.1],[-0.1,0.3]],\"biases\":[0,0.1,0]}]}",
            "{\"input\":[0.5,-0.2],\"target\":[0.2,0.7],\"loss\":\"mse\",\"layers\":["
                + "{\"activation\":\"sigmoid\",\"weights\":[[0.1,0.2],[-0.3,0.2]],\"biases\":[0.1,-0.1]},"
                + "{\"activation\":\"tanh\",\"weights\":[[0.5,-0.4],[0.2,0.1]],\"biases\":[0,0.1]},"
                + "{\"activation\":\"identity\",\"weights\":[[0.3,0.6],[0.1,-0.2]],\"biases\":[0,0]}]}"};
        for (String s : specs) {
            Explanation e = Explainer.explain(ExplainSpec.parse(s), 3);
            assertThat(e.step().maxRelativeError()).as(s).isLessThan(1e-6);
            assertThat(TextRenderer.render(e)).contains("Backward pass");
        }
    }

    @Test
    void badSpecsNameTheFieldAndTheShapes() {
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1,2],\"target\":[1],\"layers\":["
                + "{\"activation\":\"sigmoid\",\"weights\":[[1,2,3]],\"biases\":[0]}]}"))
                .isInstanceOf(ExplainSpecException.class)
                .hasMessage("layers[0].weights: expected 1 rows of 2 (out × in, in = the input size), row 0 has 3");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1,2],\"target\":[1,2],\"layers\":["
                + "{\"weights\":[[1,2]],\"biases\":[0]}]}"))
                .hasMessage("target: expected 1 values (one per output of the last layer), got 2");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1,2],\"target\":[1],\"layers\":["
                + "{\"weights\":[[1,2]],\"biases\":[0,1]}]}"))
                .hasMessage("layers[0].biases: expected 1 values (one per neuron), got 2");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1,\"a\"],\"target\":[1],\"layers\":[]}"))
                .hasMessage("input[1]: expected a number, got \"a\"");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1],\"target\":[1],\"loss\":\"hinge\",\"layers\":["
                + "{\"weights\":[[1]]}]}"))
                .hasMessage("loss: unknown 'hinge'; expected one of mse, half-squared, bce, cross-entropy");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1],\"target\":[1],\"layers\":[{\"weights\":[[1]],"
                + "\"activation\":\"sigmoidal\"}]}"))
                .hasMessageStartingWith("layers[0].activation: unknown activation 'sigmoidal'");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1],\"target\":[1],\"loss\":\"bce\",\"layers\":["
                + "{\"weights\":[[1]],\"activation\":\"identity\"}]}"))
                .hasMessage("layers[0].activation: loss bce needs a sigmoid output layer (probabilities in (0, 1)), got identity");
        assertThatThrownBy(() -> ExplainSpec.parse("{\"input\":[1],\"target\":[2],\"loss\":\"bce\",\"layers\":["
                + "{\"weights\":[[1]],\"activation\":\"sigmoid\"}]}"))
                .hasMessage("target[0]: loss bce needs a probability in [0, 1], got 2.0");
    }

    @Test
    void specRoundTripsThroughJson() {
        ExplainSpec s = ExplainSpec.lecture();
        ExplainSpec back = ExplainSpec.parse(s.toJson());
        assertThat(back.toJson()).isEqualTo(s.toJson());
    }

    @Test
    void htmlTypesetsFormulasAsMathMlAndMarkdownHasTables() {
        Explanation e = Explainer.explain(ExplainSpec.lecture());
        String html = HtmlRenderer.render(e);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<math>")
                .contains("<msubsup><mi>w</mi><mn>11</mn><mn>1</mn></msubsup>")
                .doesNotContain("<script src").doesNotContain("<link"); // the stepper's script is inline: offline
        assertThat(MarkdownRenderer.render(e)).contains("| quantity | formula | numbers | value | check |")
                .contains("| ∂L/∂w¹₁₁ | 2(ŷ₁−y₁) · w²₁₁ · σ'(z¹₁) · x₁ |");
    }

    private static double number(Map<?, ?> m, String key, int... index) {
        Object v = m.get(key);
        for (int i : index) {
            v = ((List<?>) v).get(i);
        }
        return ((Number) v).doubleValue();
    }
}
