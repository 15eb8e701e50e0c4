package org.backprop.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The lecture notation, the delta layout's intermediate quantities, the width limit and the per-step table. */
class DeltaLayoutTest {
    private static final Path NET_3432 = Path.of("../docs/explain/sigmoid-tanh-3-4-3-2.json");

    private static String golden(String name) throws IOException {
        try (InputStream in = DeltaLayoutTest.class.getResourceAsStream("/explain/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String text(Explanation e, WeightNotation n) {
        return TextRenderer.render(Layout.of(e, n, Layout.Style.DELTA), TextRenderer.SCREEN_WIDTH);
    }

    private static ExplainSpec net3432() throws IOException {
        return ExplainSpec.parse(Files.readString(NET_3432, StandardCharsets.UTF_8));
    }

    @Test
    void lectureNotationWritesWeightsFromTo() {
        // w¹₂₁ in the lecture is input 2 → hidden neuron 1, which the engine stores at W¹[0][1]
        assertThat(WeightNotation.LECTURE.weight(1, 1, 2)).isEqualTo("w¹₂₁");
        assertThat(WeightNotation.PYTORCH.weight(1, 1, 2)).isEqualTo("w¹₁₂");
        assertThat(WeightNotation.parse(" Lecture ")).isEqualTo(WeightNotation.LECTURE);
        assertThatThrownBy(() -> WeightNotation.parse("slides")).hasMessage("expected lecture or pytorch, got 'slides'");
    }

    @Test
    void lectureNotationOfTheLectureNetworkIsTheGoldenFile() throws IOException {
        assertThat(text(Explainer.explain(ExplainSpec.lecture()), WeightNotation.LECTURE))
                .isEqualTo(golden("lecture-notation.txt"));
    }

    @Test
    void threeStepsOfA3432NetworkAreTheGoldenFile() throws IOException {
        assertThat(text(Explainer.explain(net3432(), 3), WeightNotation.LECTURE)).isEqualTo(golden("3-4-3-2-lecture.txt"));
    }

    @Test
    void theSlidesIntermediateQuantitiesAreShownWithTheirNumbers() {
        String t = text(Explainer.explain(ExplainSpec.lecture()), WeightNotation.LECTURE);
        // ∂L/∂a per hidden neuron as the sum over the next layer (one term here: w²₁₁·δ²₁ = 0.4·2.19181193)
        assertThat(t).contains("∂L/∂a¹₁       = w²₁₁·δ²₁        = 0.4·2.19181193                = 0.876724774\n");
        // σ′(z) = a(1 − a) with the numbers filled in: 0.593269992·0.406730008 = 0.241300709
        assertThat(t).contains("σ′(z¹₁)       = a¹₁(1 − a¹₁)    = 0.593269992·(1 − 0.593269992) = 0.241300709\n");
        assertThat(t).contains("δ¹₁ = ∂L/∂z¹₁ = σ′(z¹₁)·∂L/∂a¹₁ = 0.241300709·0.876724774       = 0.211554309\n");
        // a hidden weight's gradient as δ·a: in lecture notation w¹₂₁ is from x₂ into neuron 1
        assertThat(t).contains("∂L/∂w¹₂₁      = δ¹₁·x₂          = 0.211554309·0.1               = 0.0211554309   fd 0.0211554311\n");
        // and the update uses the same symbol
        assertThat(t).contains("w¹₂₁′ = w¹₂₁ − η·∂L/∂w¹₂₁ = 0.2 − 0.5·0.0211554309  = 0.189422285\n");
        assertThat(t).contains("(lecture)");
    }

    @Test
    void sumsOverSeveralNeuronsShowEveryTerm() throws IOException {
        String t = text(Explainer.explain(net3432()), WeightNotation.LECTURE);
        // ∂L/∂a¹₁ = Σₘ w²(1→m)·δ²ₘ over the 3 neurons of layer 2
        assertThat(t).contains("∂L/∂a¹₁       = w²₁₁·δ²₁ + w²₁₂·δ²₂ + w²₁₃·δ²₃\n"
                + "                  = 0.2·(-0.105122948) + (-0.5)·0.114210152 + 0.3·0.0658471822 = -0.058375511\n");
        assertThat(t).contains("tanh′(z²₁)    = 1 − (a²₁)²\n                  = 1 − 0.242599464² = 0.9411455\n");
    }

    @Test
    void theAveragingConventionIsStatedWhenThereAreSeveralOutputs() throws IOException {
        assertThat(text(Explainer.explain(net3432()), WeightNotation.PYTORCH))
                .contains("mse averages over the n = 2 outputs: L = (1/n)·Σⱼ (ŷⱼ − yⱼ)², so ∂L/∂ŷⱼ = (2/n)(ŷⱼ − yⱼ)")
                .contains("∂L/∂ŷ₁        = (2/2)(ŷ₁ − y₁)");
        assertThat(text(Explainer.explain(ExplainSpec.lecture()), WeightNotation.LECTURE)).doesNotContain("averages");
    }

    @Test
    void everyLineFitsAScreen() throws IOException {
        for (WeightNotation n : WeightNotation.values()) {
            for (String t : List.of(text(Explainer.explain(ExplainSpec.lecture(), 5), n),
                    text(Explainer.explain(net3432(), 5), n))) {
                for (String line : t.split("\n")) {
                    assertThat(TextRenderer.length(line)).as(line).isLessThanOrEqualTo(TextRenderer.SCREEN_WIDTH);
                }
            }
        }
    }

    @Test
    void theStepTableHoldsTheWeightsAfterEveryStep() {
        Explanation one = Explainer.explain(ExplainSpec.lecture(), 1);
        Explanation three = Explainer.explain(ExplainSpec.lecture(), 3);
        double[][] trace = three.trace();
        assertThat(trace).hasDimensions(4, 9);
        List<Explanation.Gradient> g = one.step().gradients();
        for (int i = 0; i < g.size(); i++) {
            assertThat(trace[0][i]).isEqualTo(g.get(i).value());
            assertThat(trace[1][i]).isEqualTo(g.get(i).updated());
        }
        String t = text(three, WeightNotation.LECTURE);
        assertThat(t).contains("Weights after each step\n");
        // after step 1: L = 0.583203174 and w¹₁₁ = 0.144711142, w¹₂₁ = 0.189422285 as in the update section
        assertThat(t).contains("\n     1   0.583203174  0.144711142  0.189422285  0.244066982 ");
    }

    @Test
    void theChainLayoutIsPytorchOnly() {
        Explanation e = Explainer.explain(ExplainSpec.lecture());
        assertThatThrownBy(() -> Layout.of(e, WeightNotation.LECTURE, Layout.Style.CHAIN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markdownKeepsHeadingsOnTheirOwnLinesAndHtmlHasTheStepper() {
        Explanation e = Explainer.explain(ExplainSpec.lecture(), 2);
        Layout layout = Layout.of(e, WeightNotation.LECTURE, Layout.Style.DELTA);
        String md = MarkdownRenderer.render(layout);
        for (String line : md.split("\n")) {
            if (line.contains("#")) {
                assertThat(line).matches("#{1,3} [^#|]+");
            }
        }
        assertThat(md).contains("| step | L | w¹₁₁ | w¹₂₁ |");
        String html = HtmlRenderer.render(e, layout, WeightNotation.LECTURE);
        assertThat(html).contains("<section id=\"stepper\"").contains("\"notation\":\"lecture\"")
                .contains("class=\"computation-graph\"").doesNotContain("http://cdn").doesNotContain("<script src");
        // 1 network + 2 forward + loss + 2 backward + update
        assertThat(html.split("class=\"stage\"", -1)).hasSize(8);
    }
}
