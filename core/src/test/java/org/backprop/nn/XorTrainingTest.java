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

class XorTrainingTest {

    @Test
    void twoTwoOneSigmoidNetworkLearnsXorFromAFixedSeed() {
        // Given the lecture's 2-2-1 network (sigmoid hidden layer, sigmoid output) and the four XOR rows
        Network net = NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(7));
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.matrix(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});
        Loss loss = Losses.mse();
        Optimizer sgd = new Sgd(net.parameters(), Sgd.Config.of(2.0).withMomentum(0.9));

        // When it trains by full-batch gradient descent
        double last = Double.NaN;
        for (int step = 0; step < 3000; step++) {
            sgd.zeroGrad();
            Variable l = loss.compute(net.forward(Variable.constant(x)), y);
            l.backward();
            sgd.step();
            last = l.value().item();
        }

        // Then every row is classified correctly and the loss is small
        Tensor p = net.predict(x);
        assertThat(last).isLessThan(0.01);
        assertThat(p.get(0)).isLessThan(0.2);
        assertThat(p.get(1)).isGreaterThan(0.8);
        assertThat(p.get(2)).isGreaterThan(0.8);
        assertThat(p.get(3)).isLessThan(0.2);
    }
}
