package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop.autograd.GradientAssert.assertGradientsMatch;
import static org.backprop.autograd.GradientAssert.randomParameter;
import static org.backprop.autograd.GradientAssert.randomTensor;
import static org.backprop.autograd.GradientAssert.weightedSum;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.backprop.autograd.Variable;
import org.backprop.loss.Losses;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Gradient checks (float64) for every layer, with respect to its parameters and its input. */
class LayerGradientTest {

    static Stream<Arguments> activationsWithAndWithoutBias() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String a : new String[] {"identity", "sigmoid", "tanh", "relu", "leaky_relu(0.1)", "elu", "elu(0.5)",
            "gelu", "softplus", "softmax", "log_softmax"}) {
            b.add(Arguments.of(a, true));
            b.add(Arguments.of(a, false));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}, bias {1}")
    @MethodSource("activationsWithAndWithoutBias")
    void denseLayerGradientsMatchFiniteDifferences(String activation, boolean bias) {
        // Given a 4 → 3 dense layer in float64 and a batch of 5 inputs that also wants a gradient
        Rng rng = new Rng(activation.hashCode());
        Dense dense = new Dense(new Dense.Config(4, 3, Activation.parse(activation), null, bias), rng);
        dense.to(DType.FLOAT64);
        if (bias) {
            dense.bias().value().copyFrom(randomTensor(rng, -0.5, 0.5, 3));
        }
        Variable x = randomParameter(rng, -2, 2, 5, 4);
        Tensor w = randomTensor(rng, -1, 1, 5, 3);
        Map<String, Variable> vars = new LinkedHashMap<>(dense.namedParameters());
        vars.put("x", x);

        // When / Then
        assertGradientsMatch(vars, () -> weightedSum(dense.forward(x), w));
        assertThat(dense.namedParameters().keySet()).containsExactlyElementsOf(bias ? java.util.List.of("weight", "bias")
                : java.util.List.of("weight"));
    }

    @Test
    void multiLayerNetworkGradientsMatchFiniteDifferencesForRegression() {
        // Given a 3 → 5 tanh → 4 sigmoid → 2 identity network in float64, trained with MSE
        Rng rng = new Rng(1);
        Network net = NetworkSpec.parse("5 tanh, 4 sigmoid, 2 identity").build(3, rng);
        net.to(DType.FLOAT64);
        randomiseBiases(net, rng);
        Tensor x = randomTensor(rng, -1, 1, 6, 3);
        Tensor y = randomTensor(rng, -1, 1, 6, 2);

        // When / Then: every weight and bias of every layer
        assertGradientsMatch(net.namedParameters(), () -> Losses.mse().compute(net.forward(Variable.constant(x)), y));
    }

    @Test
    void multiLayerClassifierWithSoftmaxOutputAndCrossEntropyMatchesFiniteDifferences() {
        // Given a 4 → 6 relu → 5 gelu → 3 softmax classifier in float64
        Rng rng = new Rng(2);
        Network net = NetworkSpec.parse("6 relu, 5 gelu, 3 softmax").build(4, rng);
        net.to(DType.FLOAT64);
        randomiseBiases(net, rng);
        Tensor x = randomTensor(rng, -1, 1, 7, 4);
        Tensor classes = Tensor.vector(DType.FLOAT64, 0, 1, 2, 2, 1, 0, 1);

        // When / Then (the fused loss under the graph; evaluated from probabilities under no-grad)
        assertGradientsMatch(net.namedParameters(),
                () -> Losses.crossEntropy().compute(net.forward(Variable.constant(x)), classes));
    }

    @Test
    void sequentialOfDenseAndActivationLayersMatchesFiniteDifferences() {
        // Given Dense(3 → 4, identity), tanh layer, Dense(4 → 2, identity), softplus layer
        Rng rng = new Rng(3);
        Sequential seq = new Sequential(new Dense(3, 4, Activation.identity(), rng),
                new ActivationLayer(Activation.tanh()),
                new Dense(4, 2, Activation.identity(), rng),
                new ActivationLayer(Activation.softplus()));
        seq.to(DType.FLOAT64);
        Variable x = randomParameter(rng, -1, 1, 5, 3);
        Tensor w = randomTensor(rng, -1, 1, 5, 2);
        Map<String, Variable> vars = new LinkedHashMap<>(seq.namedParameters());
        vars.put("x", x);

        // When / Then
        assertGradientsMatch(vars, () -> weightedSum(seq.forward(x), w));
        assertThat(seq.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }

    @Test
    void networkWithDropoutInEvalModeMatchesFiniteDifferences() {
        // Given a network with a dropout layer, switched to evaluation mode (dropout is the identity)
        Rng rng = new Rng(4);
        Network net = NetworkSpec.parse("5 elu, dropout 0.5, 2 identity").build(3, rng);
        net.to(DType.FLOAT64);
        net.eval();
        Tensor x = randomTensor(rng, -1, 1, 4, 3);
        Tensor y = randomTensor(rng, -1, 1, 4, 2);

        // When / Then
        assertGradientsMatch(net.namedParameters(), () -> Losses.huber(0.5).compute(net.forward(Variable.constant(x)), y));
    }

    @Test
    void dropoutGradientIsTheMaskScaledByOneOverKeepProbability() {
        // Given dropout with p = 0.25 in training mode on a [20, 10] input
        double p = 0.25;
        Dropout dropout = new Dropout(p, new Rng(5));
        Variable x = randomParameter(new Rng(6), 0.5, 1.5, 20, 10);

        // When one forward pass and the backward pass of Σ out run
        Variable out = dropout.forward(x);
        out.sum().backward();

        // Then each element's gradient is its mask value: 0 where dropped, 1/(1−p) where kept,
        // and the output is the input times that same mask
        int dropped = 0;
        for (int i = 0; i < x.value().size(); i++) {
            double g = x.grad().get(i);
            assertThat(g).isIn(0.0, 1 / (1 - p));
            assertThat(out.value().get(i)).isEqualTo(x.value().get(i) * g);
            dropped += g == 0 ? 1 : 0;
        }
        // and roughly p of the 200 elements were dropped (binomial: mean 50, sd ≈ 6.1)
        assertThat(dropped).isBetween(25, 75);
    }

    @Test
    void dropoutInEvalModeIsTheIdentityAndDrawsNoRandomNumbers() {
        // Given dropout in evaluation mode
        Rng rng = new Rng(7);
        Dropout dropout = new Dropout(0.5, rng);
        dropout.eval();
        Variable x = randomParameter(new Rng(8), -1, 1, 3, 4);

        // When
        Variable out = dropout.forward(x);
        out.sum().backward();

        // Then the input comes back unchanged, its gradient is 1, and the generator was not advanced
        assertThat(out.value()).isEqualTo(x.value());
        assertThat(x.grad().toDoubleArray()).containsOnly(1.0);
        assertThat(rng.nextLong()).isEqualTo(new Rng(7).nextLong());
    }

    @Test
    void dropoutRejectsProbabilitiesOutsideTheRange() {
        // Given / When / Then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Dropout(1.0, new Rng(1)))
                .hasMessageContaining("Dropout").hasMessageContaining("[0, 1)").hasMessageContaining("1.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Dropout(-0.1, new Rng(1)))
                .hasMessageContaining("-0.1");
    }

    private static void randomiseBiases(Network net, Rng rng) {
        for (Dense d : net.denseLayers()) {
            Tensor b = d.bias().value();
            for (int i = 0; i < b.size(); i++) {
                b.set(i, rng.uniform(-0.5, 0.5));
            }
        }
    }
}
