package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleTest {

    private static Network net() {
        return NetworkSpec.parse("4 relu, dropout 0.5, 3 tanh, 2 identity").build(5, new Rng(1));
    }

    @Test
    void parametersAreNamedByDottedPathInRegistrationOrder() {
        // Given / When
        Network net = net();

        // Then: dropout (index 1) has no parameters, so the names skip it, as PyTorch does
        assertThat(net.namedParameters().keySet()).containsExactly("layers.0.weight", "layers.0.bias",
                "layers.2.weight", "layers.2.bias", "layers.3.weight", "layers.3.bias");
        assertThat(net.namedParameters().get("layers.2.bias").name()).isEqualTo("layers.2.bias");
        assertThat(net.parameters()).containsExactlyElementsOf(net.namedParameters().values());
        assertThat(net.namedChildren().keySet()).containsExactly("layers");
        assertThat(net.layers().namedChildren().keySet()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void stateDictRoundTripsIntoAFreshNetwork() {
        // Given two networks from different seeds
        Network a = net();
        Network b = NetworkSpec.parse("4 relu, dropout 0.5, 3 tanh, 2 identity").build(5, new Rng(2));
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2, 3, 4, 5}, {-1, 0, 1, 0, -1}});
        a.eval();
        b.eval();
        assertThat(b.predict(x)).isNotEqualTo(a.predict(x));

        // When b loads a's state
        Map<String, Tensor> state = a.stateDict();
        b.loadStateDict(state);

        // Then both compute the same outputs, and the dict is a copy (changing it does not touch a)
        assertThat(b.predict(x)).isEqualTo(a.predict(x));
        assertThat(b.stateDict()).isEqualTo(state);
        state.get("layers.0.weight").set(0, 99);
        assertThat(a.namedParameters().get("layers.0.weight").value().get(0)).isNotEqualTo(99.0);
    }

    @Test
    void strictLoadListsEveryProblemAtOnceAndChangesNothing() {
        // Given a state with a missing weight, a transposed weight and an unknown name
        Network net = net();
        Map<String, Tensor> before = net.stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>(before);
        state.remove("layers.0.bias");
        state.put("layers.2.weight", Tensor.zeros(4, 3));
        state.put("layers.9.weight", Tensor.zeros(1));

        // When / Then
        assertThatThrownBy(() -> net.loadStateDict(state)).isInstanceOfSatisfying(StateDictException.class, e -> {
            assertThat(e.problems()).containsExactly(
                    "layers.0.bias: missing (expected shape [4])",
                    "layers.2.weight: expected shape [3, 4], got [4, 3]",
                    "layers.9.weight: unexpected (the module has no such parameter)");
            assertThat(e.getMessage()).startsWith("state dict does not match the module (3 problems):");
        });
        assertThat(net.stateDict()).isEqualTo(before);
    }

    @Test
    void loadConvertsValuesToTheParameterType() {
        // Given a float32 network and a float64 state
        Network net = net();
        Map<String, Tensor> state = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> state.put(k, v.to(DType.FLOAT64)));

        // When
        net.loadStateDict(state);

        // Then the parameters stay float32
        assertThat(net.parameters()).allSatisfy(p -> assertThat(p.value().dtype()).isEqualTo(DType.FLOAT32));
    }

    @Test
    void toFloat64ConvertsEveryParameterAndKeepsTheValues() {
        // Given a float32 network
        Network net = net();
        Map<String, Tensor> before = net.stateDict();

        // When
        net.to(DType.FLOAT64);

        // Then every parameter is float64 with the same numbers, and float64 input flows through
        for (Map.Entry<String, Variable> e : net.namedParameters().entrySet()) {
            assertThat(e.getValue().value().dtype()).isEqualTo(DType.FLOAT64);
            assertThat(e.getValue().value().toDoubleArray()).containsExactly(before.get(e.getKey()).toDoubleArray());
        }
        net.eval();
        assertThat(net.predict(Tensor.zeros(DType.FLOAT64, Shape.of(1, 5))).dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void trainAndEvalReachEverySubModule() {
        // Given
        Network net = net();
        Module dropout = net.layers().get(1);
        assertThat(dropout.isTraining()).isTrue();

        // When / Then
        net.eval();
        assertThat(dropout.isTraining()).isFalse();
        assertThat(net.layers().isTraining()).isFalse();
        net.train();
        assertThat(dropout.isTraining()).isTrue();
    }

    @Test
    void denseRefusesAnInputOfTheWrongWidthNamingTheLayerAndShapes() {
        // Given a 5-input network
        Network net = net();

        // When / Then
        assertThatThrownBy(() -> net.forward(Variable.constant(Tensor.zeros(2, 4))))
                .hasMessageContaining("Dense(5 → 4)").hasMessageContaining("[batch, 5]").hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> new Dense(0, 3, Activation.relu(), new Rng(1)))
                .hasMessageContaining("inFeatures").hasMessageContaining("0");
        assertThatThrownBy(() -> new Dense.Config(2, 3, null, null, true)).hasMessageContaining("activation");
    }

    @Test
    void denseComputesXTimesWTransposedPlusBias() {
        // Given W = [[1, 2], [3, 4], [5, 6]] (3 neurons, 2 inputs), b = [0.5, 0, −1]
        Dense d = new Dense(2, 3, Activation.identity(), new Rng(1));
        d.weight().value().copyFrom(Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        d.bias().value().copyFrom(Tensor.vector(DType.FLOAT32, 0.5, 0, -1));

        // When x = [1, 1]
        Tensor z = d.forward(Variable.constant(Tensor.matrix(DType.FLOAT32, new double[][] {{1, 1}}))).value();

        // Then z = [1+2+0.5, 3+4, 5+6−1]
        assertThat(z.toDoubleArray()).containsExactly(3.5, 7, 10);
        assertThat(d.toString()).isEqualTo("Dense(2 → 3, identity)");
    }

    @Test
    void registeringABadOrDuplicateNameIsRefused() {
        // Given a module that registers names
        class Custom extends Module {
            void reg(String name) {
                registerParameter(name, Tensor.zeros(1));
            }

            @Override
            public Variable forward(Variable input) {
                return input;
            }
        }
        Custom c = new Custom();
        c.reg("w");

        // When / Then
        assertThatThrownBy(() -> c.reg("w")).hasMessageContaining("'w' is already registered");
        assertThatThrownBy(() -> c.reg("a.b")).hasMessageContaining("no dot").hasMessageContaining("'a.b'");
        assertThatThrownBy(() -> c.reg("")).hasMessageContaining("non-empty");
    }
}
