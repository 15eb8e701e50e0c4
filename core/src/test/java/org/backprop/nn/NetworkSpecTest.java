package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkSpecTest {

    @Test
    void parsesLayersActivationsAndDropoutAndPrintsBackTheSameSpec() {
        // Given a spec with every kind of item
        String text = " 64 relu, dropout 0.2,32 leaky_relu(0.1) ,  10 softmax ";

        // When
        NetworkSpec spec = NetworkSpec.parse(text);

        // Then
        assertThat(spec.items()).containsExactly(new NetworkSpec.DenseItem(64, Activation.relu()),
                new NetworkSpec.DropoutItem(0.2), new NetworkSpec.DenseItem(32, Activation.leakyRelu(0.1)),
                new NetworkSpec.DenseItem(10, Activation.softmax()));
        assertThat(spec.outputWidth()).isEqualTo(10);
        assertThat(spec.outputActivation()).isEqualTo(Activation.softmax());
        assertThat(spec).hasToString("64 relu, dropout 0.2, 32 leaky_relu(0.1), 10 softmax");
        assertThat(NetworkSpec.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void aDefaultActivationFillsLayersWrittenWithoutOne() {
        // Given / When
        NetworkSpec spec = NetworkSpec.parse("16, 8, 1 sigmoid", Activation.tanh());

        // Then
        assertThat(spec.items()).containsExactly(new NetworkSpec.DenseItem(16, Activation.tanh()),
                new NetworkSpec.DenseItem(8, Activation.tanh()), new NetworkSpec.DenseItem(1, Activation.sigmoid()));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "''                       | network spec is empty",
        "'   '                    | network spec is empty",
        "64 relu,,10 softmax      | network spec item 2 (''): empty item",
        "64 relu, 10              | network spec item 2 ('10'): missing activation, such as '10 relu'",
        "sixty relu               | network spec item 1 ('sixty relu'): expected a layer width (a whole number) or 'dropout P', got 'sixty'",
        "0 relu                   | network spec item 1 ('0 relu'): layer width must be at least 1, got 0",
        "-3 relu                  | layer width must be at least 1, got -3",
        "64 rellu                 | network spec item 1 ('64 rellu'): unknown activation 'rellu'",
        "64 relu, dropout         | network spec item 2 ('dropout'): dropout needs a probability, such as 'dropout 0.2'",
        "64 relu, dropout x, 1 relu | network spec item 2 ('dropout x'): 'x' is not a probability",
        "64 relu, dropout 1, 1 relu | network spec item 2 ('dropout 1'): dropout probability must be in [0, 1), got 1.0",
        "64 relu, dropout 0.5     | network spec '64 relu, dropout 0.5' must end with a dense layer (such as '10 softmax')",
        "8 relu(2)                | network spec item 1 ('8 relu(2)'): activation 'relu(2)': relu takes no parameter",
        "8 elu(a)                 | activation 'elu(a)': parameter 'a' is not a number",
        "8 elu(1                  | activation 'elu(1': missing ')'",
    })
    void everyMistakeIsReportedWithItsItemAndReason(String text, String message) {
        // Given a bad spec
        // When / Then
        assertThatThrownBy(() -> NetworkSpec.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyItemListIsRefusedByTheRecordToo() {
        // Given / When / Then
        assertThatThrownBy(() -> new NetworkSpec(List.of())).hasMessageContaining("must end with a dense layer");
    }

    @Test
    void buildMakesTheLayersWithTheRightShapes() {
        // Given
        NetworkSpec spec = NetworkSpec.parse("5 relu, dropout 0.1, 3 softmax");

        // When
        Network net = spec.build(4, new Rng(1));

        // Then
        assertThat(net.inputs()).isEqualTo(4);
        assertThat(net.outputs()).isEqualTo(3);
        assertThat(net.layers().size()).isEqualTo(3);
        assertThat(net.layers().get(1)).isInstanceOf(Dropout.class);
        assertThat(net.denseLayers()).hasSize(2);
        assertThat(net.namedParameters().get("layers.0.weight").shape().dims()).containsExactly(5, 4);
        assertThat(net.namedParameters().get("layers.2.weight").shape().dims()).containsExactly(3, 5);
        assertThat(net.parameterCount()).isEqualTo(5 * 4 + 5 + 3 * 5 + 3);
        assertThat(net.toString()).contains("Network(4 inputs: 5 relu, dropout 0.1, 3 softmax)")
                .contains("(0): Dense(4 → 5, relu)").contains("(1): Dropout(p=0.1)");
        assertThatThrownBy(() -> spec.build(0, new Rng(1))).hasMessageContaining("inputs").hasMessageContaining("0");
    }
}
