package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationTest {

    @ParameterizedTest
    @ValueSource(strings = {"identity", "sigmoid", "tanh", "relu", "leaky_relu(0.01)", "leaky_relu(0.2)", "elu(1.0)",
        "elu(0.5)", "gelu", "softplus", "softmax", "log_softmax"})
    void everyActivationParsesAndPrintsBackItsSpec(String spec) {
        // Given / When
        Activation a = Activation.parse(spec);

        // Then
        assertThat(a).hasToString(spec);
        assertThat(Activation.parse(a.toString())).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    void aliasesDefaultsAndCaseAreAccepted() {
        // Given / When / Then
        assertThat(Activation.parse(" ReLU ")).isEqualTo(Activation.relu());
        assertThat(Activation.parse("linear")).isEqualTo(Activation.identity());
        assertThat(Activation.parse("logistic")).isEqualTo(Activation.sigmoid());
        assertThat(Activation.parse("leaky_relu")).isEqualTo(Activation.leakyRelu(0.01));
        assertThat(Activation.parse("elu")).isEqualTo(Activation.elu(1.0));
        assertThat(Activation.parse("leaky_relu(0.3)").name()).isEqualTo("leaky_relu");
        assertThat(Activation.parse("logsoftmax").kind()).isEqualTo(Activation.Kind.LOG_SOFTMAX);
        assertThat(Activation.softmax().kind()).isEqualTo(Activation.Kind.SOFTMAX);
        assertThat(Activation.tanh().kind()).isEqualTo(Activation.Kind.ELEMENTWISE);
    }

    @Test
    void badNamesAndParametersGiveClearMessages() {
        // Given / When / Then
        assertThatThrownBy(() -> Activation.parse("swish")).hasMessageContaining("unknown activation 'swish'")
                .hasMessageContaining("relu").hasMessageContaining("log_softmax");
        assertThatThrownBy(() -> Activation.parse("tanh(2)")).hasMessageContaining("tanh takes no parameter");
        assertThatThrownBy(() -> Activation.parse("elu(x)")).hasMessageContaining("parameter 'x' is not a number");
        assertThatThrownBy(() -> Activation.parse("elu(1")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> Activation.parse("leaky_relu(-1)")).hasMessageContaining("slope").hasMessageContaining("-1");
        assertThatThrownBy(() -> Activation.softmax().function()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("softmax");
    }

    @Test
    void defaultInitializerIsHeForTheReluFamilyAndXavierOtherwise() {
        // Given a 1000 × 1000 weight filled by each default (He uniform limit √(6/1000) ≈ 0.0775,
        // Xavier uniform limit √(6/2000) ≈ 0.0548)
        // When / Then
        assertThat(maxAbs(Activation.relu())).isBetween(0.07, 0.0775);
        assertThat(maxAbs(Activation.gelu())).isBetween(0.07, 0.0775);
        assertThat(maxAbs(Activation.tanh())).isBetween(0.05, 0.0548);
        assertThat(maxAbs(Activation.softmax())).isBetween(0.05, 0.0548);
    }

    private static double maxAbs(Activation a) {
        org.backprop.tensor.Tensor w = org.backprop.tensor.Tensor.zeros(1000, 1000);
        a.defaultInitializer().initialize(w, 1000, 1000, new org.backprop.random.Rng(1));
        double m = 0;
        for (int i = 0; i < w.size(); i++) {
            m = Math.max(m, Math.abs(w.get(i)));
        }
        return m;
    }
}
