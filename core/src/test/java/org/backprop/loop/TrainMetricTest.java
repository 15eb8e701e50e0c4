package org.backprop.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizers;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The training metric recorded each epoch (taken on the fast predictor for a plain dense network)
 * is exactly what the graph's forward pass gives on the training rows with the same weights.
 */
class TrainMetricTest {

    private static void holdsTheGraphsFigure(Dataset data, String spec, Loss loss) {
        Rng rng = new Rng(7);
        Network net = NetworkSpec.parse(spec).build(data.featureCount(), rng.fork(1));
        History h = new Trainer(TrainerConfig.of(3, 16), List.of()).fit(net, loss,
                Optimizers.forName("adam", net.parameters(), 0.01), Regularization.NONE, data, null, rng.fork(2));
        double recorded = h.epochs().get(h.epochs().size() - 1).trainMetric();
        assertThat(recorded).isEqualTo(Trainer.lossAndMetric(net, loss, data)[1]);
        assertThat(Trainer.metric(net, loss, data)).isEqualTo(Trainer.lossAndMetric(net, loss, data)[1]);
    }

    @Test
    void accuracyOfAClassifier() {
        holdsTheGraphsFigure(BuiltinDataset.SPIRALS.load(new Rng(1)), "16 tanh, 2 softmax", Losses.crossEntropy());
    }

    @Test
    void rSquaredOfARegressor() {
        holdsTheGraphsFigure(BuiltinDataset.SINE.load(new Rng(1)), "16 tanh, 1 identity", Losses.mse());
    }
}
