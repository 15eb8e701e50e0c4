package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop.autograd.Variable;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** XOR, the classic problem a single neuron cannot solve, learned by the lecture's 2-2-1 sigmoid network. */
class XorTrainingTest {
    private static final Tensor X = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    private static final Tensor Y = Tensor.matrix(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});

    /** Full-batch training for {@code steps} steps; returns the loss before the last step. */
    private static double train(Network net, Loss loss, Optimizer optimizer, int steps) {
        double last = Double.NaN;
        for (int step = 0; step < steps; step++) {
            optimizer.zeroGrad();
            Variable l = loss.compute(net.forward(Variable.constant(X)), Y);
            l.backward();
            optimizer.step();
            last = l.value().item();
        }
        return last;
    }

    @Test
    void twoTwoOneSigmoidNetworkLearnsXorFromAFixedSeed() {
        // Given the lecture's 2-2-1 network (sigmoid hidden layer, sigmoid output) and the four XOR rows
        Network net = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));
        Optimizer sgd = new Sgd(net.parameters(), Sgd.Config.of(2.0).withMomentum(0.9));

        // When it trains by full-batch gradient descent on the MSE
        double last = train(net, Losses.mse(), sgd, 3000);

        // Then every row is classified correctly and the loss is small
        Tensor p = net.predict(X);
        assertThat(last).isLessThan(0.01);
        assertThat(p.get(0)).isLessThan(0.2);
        assertThat(p.get(1)).isGreaterThan(0.8);
        assertThat(p.get(2)).isGreaterThan(0.8);
        assertThat(p.get(3)).isLessThan(0.2);
    }

    @Test
    void withBinaryCrossEntropyTheSameNetworkAlsoLearnsXor() {
        // Given the same network and seed, trained on binary cross-entropy (fused with the sigmoid output)
        Network net = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));
        Optimizer sgd = new Sgd(net.parameters(), Sgd.Config.of(0.5).withMomentum(0.9));

        // When
        double last = train(net, Losses.binaryCrossEntropy(), sgd, 3000);

        // Then the rounded predictions are the XOR truth table
        Tensor p = net.predict(X);
        assertThat(last).isLessThan(0.05);
        assertThat(new long[] {Math.round(p.get(0)), Math.round(p.get(1)), Math.round(p.get(2)), Math.round(p.get(3))})
                .containsExactly(0, 1, 1, 0);
    }

    @Test
    void twoRunsFromTheSameSeedEndWithBitIdenticalWeights() {
        // Given two identical set-ups
        Network a = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));
        Network b = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));

        // When both train for 500 steps
        train(a, Losses.mse(), new Sgd(a.parameters(), Sgd.Config.of(2.0).withMomentum(0.9)), 500);
        train(b, Losses.mse(), new Sgd(b.parameters(), Sgd.Config.of(2.0).withMomentum(0.9)), 500);

        // Then
        assertThat(b.stateDict()).isEqualTo(a.stateDict());
    }
}
