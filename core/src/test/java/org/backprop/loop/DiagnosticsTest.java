package org.backprop.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizers;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The optional figures of each epoch ({@link TrainerConfig.Diagnostic}) are left out when not asked
 * for, and leaving them out changes no weight and no other figure.
 */
class DiagnosticsTest {

    private static History train(Dataset data, Dataset validation, Set<TrainerConfig.Diagnostic> figures, Network net) {
        TrainerConfig config = TrainerConfig.of(4, 16).withDiagnostics(figures);
        return new Trainer(config, List.of()).fit(net, Losses.crossEntropy(),
                Optimizers.forName("adam", net.parameters(), 0.01), Regularization.NONE, data, validation, new Rng(3));
    }

    @Test
    void withoutDiagnosticsTheSameWeightsAndLossesAndNoneOfTheOptionalFigures() {
        // Given the same network and data trained with every diagnostic, with none, and with the norms only
        Dataset data = BuiltinDataset.SPIRALS.load(new Rng(1));
        Network all = NetworkSpec.parse("16 tanh, 2 softmax").build(2, new Rng(7));
        Network none = NetworkSpec.parse("16 tanh, 2 softmax").build(2, new Rng(7));
        Network norms = NetworkSpec.parse("16 tanh, 2 softmax").build(2, new Rng(7));
        History a = train(data, null, EnumSet.allOf(TrainerConfig.Diagnostic.class), all);
        History n = train(data, null, Set.of(), none);
        History g = train(data, null, Set.of(TrainerConfig.Diagnostic.GRADIENT_NORMS), norms);

        // Then the weights are the same bits, and so is every figure both record
        assertThat(none.stateDict().keySet()).isEqualTo(all.stateDict().keySet());
        all.stateDict().forEach((k, v) -> assertThat(none.stateDict().get(k).floatData()).containsExactly(v.floatData()));
        assertThat(n.trainLosses()).containsExactly(a.trainLosses());
        assertThat(n.epochs()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(n.epochs().get(i).steps()).isEqualTo(a.epochs().get(i).steps());
            assertThat(n.epochs().get(i).learningRate()).isEqualTo(a.epochs().get(i).learningRate());
            assertThat(g.epochs().get(i).gradientNorms()).isEqualTo(a.epochs().get(i).gradientNorms());
        }
        // and only the run that asked has each optional figure
        EpochRecord full = a.last();
        EpochRecord bare = n.last();
        assertThat(full.gradientNorms()).isNotEmpty();
        assertThat(full.weights()).isNotEmpty();
        assertThat(full.trainMetric()).isBetween(0.0, 1.0);
        assertThat(bare.gradientNorms()).isEmpty();
        assertThat(bare.weights()).isEmpty();
        assertThat(bare.trainMetric()).isNaN();
        assertThat(bare.toMap()).doesNotContainKeys("trainAccuracy", "updateRatios");
        assertThat(g.last().weights()).isEmpty();
        assertThat(g.last().trainMetric()).isNaN();
    }

    @Test
    void everyDiagnosticIsRecordedByDefault() {
        assertThat(TrainerConfig.of(1, 1).diagnostics()).containsExactlyInAnyOrder(TrainerConfig.Diagnostic.values());
        assertThat(TrainerConfig.of(1, 1).withDiagnostics(Set.of()).withThreads(2).diagnostics()).isEmpty();
    }
}
