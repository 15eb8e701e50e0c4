package org.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.Softmax;
import org.backprop.io.Json;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.nn.Dense;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.AdaGrad;
import org.backprop.optim.Adam;
import org.backprop.optim.AdamW;
import org.backprop.optim.Optimizer;
import org.backprop.optim.RmsProp;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backprop against PyTorch 1.13: every number in {@code pytorch/reference.json} (written by
 * {@code tools/pytorch/make_reference.py}, see {@code tools/pytorch/README.md}) is recomputed here in
 * float32 from the same inputs and weights.
 *
 * <p>Tolerance: an element passes when {@code |java − torch| ≤ 1e-5·|torch| + floor}. Single
 * evaluations (activations, losses, one forward and backward pass, the first optimiser step) use a
 * floor of 1e-7, far below any value of interest but above the float32 rounding of the reference's
 * near-zero entries. The parameters after 10 optimiser steps keep the relative 1e-5 but with a
 * floor of 5e-7, about 8 float32 ulps at the parameters' scale (~0.5): both sides round every step
 * to float32 but in a different order (Backprop computes each update in double and rounds once,
 * PyTorch rounds after each of its float32 kernels), and a parameter that has moved to near zero
 * (a bias going from 0.3 to 7e-4 under AdaGrad) keeps the absolute, not the relative, rounding
 * error of its earlier size.
 */
class PyTorchCrossCheckTest {
    private static final double REL = 1e-5;
    private static final double FLOOR = 1e-7;
    /**
     * PyTorch's float32 GELU forms {@code ½(1 + erf(x/√2))}, which cancels for negative {@code x}:
     * at {@code x = −3} it is off by {@code 3·½·2⁻²³ ≈ 1.8e-7} absolute (4e-5 relative; torch gives
     * −0.0040498674, the exact value is −0.0040496941). Backprop computes {@code Φ} from {@code erfc}
     * there and is exact, so against torch the floor is widened to cover torch's error; the exact
     * value is checked in {@code ElementwiseGradientTest}.
     */
    private static final double GELU_FLOOR = 3e-7;
    private static final double FLOOR_STEPS = 5e-7;

    private static Map<String, Object> reference;

    @BeforeAll
    static void readReference() throws IOException {
        try (InputStream in = PyTorchCrossCheckTest.class.getResourceAsStream("/pytorch/reference.json")) {
            assertThat(in).as("pytorch/reference.json on the test class path").isNotNull();
            reference = map(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        assertThat(map(reference.get("meta")).get("dtype")).isEqualTo("float32");
    }

    // ---------------------------------------------------------------- activations

    static Stream<String> activationNames() {
        return Stream.of("identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus", "softmax",
                "log_softmax");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activationNames")
    void activationForwardAndBackwardMatchPyTorch(String name) {
        // Given torch's input x, upstream gradient g and parameters
        Map<String, Object> entry = map(map(reference.get("activations")).get(name));
        Map<String, Object> params = map(entry.get("params"));
        Activation activation = Activation.parse(
                name.equals("leaky_relu") ? "leaky_relu(" + number(params.get("negative_slope")) + ")"
                : name.equals("elu") ? "elu(" + number(params.get("alpha")) + ")" : name);
        Variable x = Variable.parameter(tensor(entry.get("x")));
        Tensor g = tensor(entry.get("g"));

        // When out = f(x) and the gradient of Σ out ⊙ g are computed in float32
        Variable out = activation.apply(x);
        out.mul(Variable.constant(g)).sum().backward();

        // Then both match torch's
        double floor = name.equals("gelu") ? GELU_FLOOR : FLOOR;
        assertClose(name + " output", out.value(), tensor(entry.get("output")), REL, floor);
        assertClose(name + " grad", x.grad(), tensor(entry.get("grad")), REL, floor);
    }

    // ---------------------------------------------------------------- losses

    static Stream<Arguments> lossNames() {
        return Stream.of(
                Arguments.of("mse", Losses.mse()),
                Arguments.of("mse_sum", Losses.sse()),
                Arguments.of("half_mse", Losses.halfSquared()),
                Arguments.of("l1", Losses.mae()),
                Arguments.of("huber", Losses.huber(1.0)),
                Arguments.of("bce", Losses.binaryCrossEntropy()),
                Arguments.of("bce_with_logits", Losses.binaryCrossEntropyWithLogits()),
                Arguments.of("softmax_ce", Losses.softmaxCrossEntropy()),
                Arguments.of("softmax_ce_onehot", Losses.softmaxCrossEntropy()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossNames")
    void lossValueAndGradientMatchPyTorch(String name, Loss loss) {
        // Given torch's prediction and target
        Map<String, Object> entry = map(map(reference.get("losses")).get(name));
        Variable prediction = Variable.parameter(tensor(entry.get("prediction")));
        Tensor target = tensor(entry.get("target"));

        // When the loss and ∂loss/∂prediction are computed in float32
        Variable l = loss.compute(prediction, target);
        l.backward();

        // Then
        assertClose(name + " loss", l.value(), Tensor.scalar(DType.FLOAT32, number(entry.get("loss"))), REL, FLOOR);
        assertClose(name + " grad", prediction.grad(), tensor(entry.get("grad")), REL, FLOOR);
    }

    // ---------------------------------------------------------------- the 4-5-3-2 network

    @Test
    void networkForwardLossAndEveryParameterGradientMatchPyTorch() {
        // Given torch's 4 → 5 tanh → 3 sigmoid → 2 identity network, its batch and targets
        Map<String, Object> entry = map(reference.get("network"));
        Network net = network(entry, 4);
        Tensor x = tensor(entry.get("x"));
        Tensor target = tensor(entry.get("target"));

        // When the forward pass runs layer by layer (Then each layer's z and a match) and the MSE is backpropagated
        Variable a = forwardLayerByLayer(net, x, list(entry.get("forward")));
        Variable loss = Losses.mse().compute(a, target);
        loss.backward();

        // Then the loss and every gradient match
        assertThat(loss.value().item()).isCloseTo(number(entry.get("loss")),
                org.assertj.core.data.Offset.offset(REL * number(entry.get("loss"))));
        assertParameters("grad", gradients(net), map(entry.get("grads")), REL, FLOOR);
    }

    @Test
    void softmaxCrossEntropyNetworkMatchesPyTorch() {
        // Given torch's 3 → 4 relu → 3 logits classifier with integer targets
        Map<String, Object> entry = map(reference.get("softmax_ce_network"));
        Network net = network(entry, 3);
        Tensor x = tensor(entry.get("x"));
        Tensor target = tensor(entry.get("target"));

        // When the forward pass runs layer by layer (Then each layer's z and a match) and the loss is backpropagated
        Variable a = forwardLayerByLayer(net, x, list(entry.get("forward")));
        Variable loss = Losses.softmaxCrossEntropy().compute(a, target);
        loss.backward();

        // Then logits, probabilities, loss and gradients match
        assertClose("logits", a.value(), tensor(entry.get("logits")), REL, FLOOR);
        assertClose("probabilities", Softmax.softmaxRows(a.value()), tensor(entry.get("probabilities")), REL, FLOOR);
        assertClose("loss", loss.value(), Tensor.scalar(DType.FLOAT32, number(entry.get("loss"))), REL, FLOOR);
        assertParameters("grad", gradients(net), map(entry.get("grads")), REL, FLOOR);
    }

    // ---------------------------------------------------------------- optimisers

    static Stream<String> optimizerNames() {
        return Stream.of("sgd", "sgd_momentum", "sgd_nesterov", "sgd_weight_decay", "adam", "adam_weight_decay",
                "adamw", "rmsprop", "rmsprop_momentum", "adagrad");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizerNames")
    void tenOptimizerStepsMatchPyTorch(String name) {
        // Given the network of the network section and the optimiser torch used, with its hyperparameters
        Map<String, Object> net0 = map(reference.get("network"));
        Map<String, Object> entry = map(map(reference.get("optimizers")).get(name));
        Network net = network(net0, 4);
        Optimizer optimizer = optimizer(name, map(entry.get("hyperparameters")), net.parameters());
        Tensor x = tensor(net0.get("x"));
        Tensor target = tensor(net0.get("target"));
        List<Object> losses = list(entry.get("losses"));
        assertThat(losses).hasSize(10);

        // When 10 full-batch steps are taken
        for (int step = 0; step < 10; step++) {
            optimizer.zeroGrad();
            Variable loss = Losses.mse().compute(net.forward(Variable.constant(x)), target);
            loss.backward();
            optimizer.step();

            // Then the loss before each step and the parameters after the first and last step match
            double expected = number(losses.get(step));
            assertThat(loss.value().item()).as("%s loss before step %d", name, step + 1)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(REL * Math.abs(expected) + FLOOR));
            if (step == 0) {
                assertParameters(name + " after step 1", values(net), map(entry.get("parameters_after_step_1")),
                        REL, FLOOR);
            }
        }
        assertParameters(name + " after step 10", values(net), map(entry.get("final_parameters")), REL, FLOOR_STEPS);
    }

    private static Optimizer optimizer(String name, Map<String, Object> h, List<Variable> params) {
        double lr = number(h.get("lr"));
        double wd = number(h.get("weight_decay"));
        if (name.startsWith("sgd")) {
            assertThat(number(h.get("dampening"))).isZero();
            double mu = number(h.get("momentum"));
            Sgd.Config c = Sgd.Config.of(lr).withWeightDecay(wd);
            if (mu > 0) {
                c = Boolean.TRUE.equals(h.get("nesterov")) ? c.withNesterov(mu) : c.withMomentum(mu);
            }
            return new Sgd(params, c);
        }
        if (name.startsWith("adam")) {
            assertThat(h.get("amsgrad")).isEqualTo(Boolean.FALSE);
            List<Object> betas = list(h.get("betas"));
            Adam.Config c = new Adam.Config(lr, number(betas.get(0)), number(betas.get(1)), number(h.get("eps")), wd);
            return name.equals("adamw") ? new AdamW(params, c) : new Adam(params, c);
        }
        if (name.startsWith("rmsprop")) {
            assertThat(h.get("centered")).isEqualTo(Boolean.FALSE);
            return new RmsProp(params, new RmsProp.Config(lr, number(h.get("alpha")), number(h.get("eps")),
                    number(h.get("momentum")), wd));
        }
        assertThat(name).isEqualTo("adagrad");
        assertThat(number(h.get("lr_decay"))).isZero();
        assertThat(number(h.get("initial_accumulator_value"))).isZero();
        return new AdaGrad(params, new AdaGrad.Config(lr, number(h.get("eps")), wd));
    }

    // ---------------------------------------------------------------- helpers

    /** Builds the network an entry describes ({@code layers} with widths and activations) and loads its parameters. */
    private static Network network(Map<String, Object> entry, int inputs) {
        StringBuilder spec = new StringBuilder();
        for (Object o : list(entry.get("layers"))) {
            Map<String, Object> layer = map(o);
            spec.append(spec.length() == 0 ? "" : ", ").append(number(layer.get("out"))
                    .intValue()).append(' ').append(layer.get("activation"));
        }
        Network net = NetworkSpec.parse(spec.toString()).build(inputs, new Rng(0));
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(entry.get("parameters")).entrySet()) {
            state.put(e.getKey(), tensor(e.getValue()));
        }
        net.loadStateDict(state);
        return net;
    }

    /** Runs the dense layers one by one, checking each {@code z} and {@code a} against torch's; returns the output. */
    private static Variable forwardLayerByLayer(Network net, Tensor x, List<Object> forward) {
        Variable a = Variable.constant(x);
        List<Dense> layers = net.denseLayers();
        assertThat(layers).hasSameSizeAs(forward);
        for (int k = 0; k < layers.size(); k++) {
            Variable z = layers.get(k).preActivation(a);
            a = layers.get(k).activation().apply(z);
            assertClose("layer " + k + " z", z.value(), tensor(map(forward.get(k)).get("z")), REL, FLOOR);
            assertClose("layer " + k + " a", a.value(), tensor(map(forward.get(k)).get("a")), REL, FLOOR);
        }
        return a;
    }

    private static Map<String, Tensor> gradients(Network net) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> out.put(k, v.grad()));
        return out;
    }

    private static Map<String, Tensor> values(Network net) {
        return net.stateDict();
    }

    private static void assertParameters(String what, Map<String, Tensor> actual, Map<String, Object> expected,
                                         double rel, double floor) {
        assertThat(actual.keySet()).as(what + " names").containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertClose(what + " " + e.getKey(), actual.get(e.getKey()), tensor(e.getValue()), rel, floor);
        }
    }

    static void assertClose(String what, Tensor actual, Tensor expected, double rel, double floor) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i);
            double a = actual.get(i);
            assertThat(Math.abs(a - e)).as("%s[%d]: Backprop %s, PyTorch %s", what, i, a, e)
                    .isLessThanOrEqualTo(rel * Math.abs(e) + floor);
        }
    }

    /** A float32 tensor from a JSON number list: a list of rows is a matrix, a flat list a vector. */
    static Tensor tensor(Object json) {
        List<Object> outer = list(json);
        if (!outer.isEmpty() && outer.get(0) instanceof List) {
            double[][] rows = new double[outer.size()][];
            for (int r = 0; r < rows.length; r++) {
                List<Object> row = list(outer.get(r));
                rows[r] = new double[row.size()];
                for (int c = 0; c < rows[r].length; c++) {
                    rows[r][c] = number(row.get(c));
                }
            }
            return Tensor.matrix(DType.FLOAT32, rows);
        }
        double[] v = new double[outer.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(outer.get(i));
        }
        return Tensor.of(DType.FLOAT32, v, v.length);
    }

    private static Double number(Object o) {
        return ((Number) o).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void everySectionOfTheReferenceIsCovered() {
        // Given the sections and entries the file holds
        // When / Then: this test class checks each of them (a new entry in the JSON fails here until it is)
        assertThat(map(reference.get("activations")).keySet()).containsExactlyInAnyOrderElementsOf(
                activationNames().toList());
        assertThat(map(reference.get("losses")).keySet()).containsExactlyInAnyOrderElementsOf(
                lossNames().map(a -> (String) a.get()[0]).toList());
        assertThat(map(reference.get("optimizers")).keySet()).containsExactlyInAnyOrderElementsOf(
                optimizerNames().toList());
        assertThat(new ArrayList<>(reference.keySet())).containsExactlyInAnyOrder(
                "meta", "activations", "losses", "network", "optimizers", "softmax_ce_network");
        assertThat(Shape.of(2, 3)).isEqualTo(tensor(List.of(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0))).shape());
    }
}
