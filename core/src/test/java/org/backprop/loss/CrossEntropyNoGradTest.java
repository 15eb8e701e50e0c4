package org.backprop.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.backprop.autograd.NoGrad;
import org.backprop.autograd.Variable;
import org.backprop.nn.Activation;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CrossEntropyNoGradTest {

    @Test
    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    void crossEntropyOfASoftmaxOutputHasTheSameValueWithoutAGraph() {
        // Given logits and a one-hot target
        Tensor logits = Tensor.matrix(DType.FLOAT64, new double[][] {{0.5, -1.0, 2.0}, {0.1, 0.2, 0.3}});
        Tensor target = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 0, 1}, {1, 0, 0}});
        Loss ce = Losses.crossEntropy();
        // When the loss is computed with a graph and under NoGrad (as validation and predict() do)
        double withGraph = ce.compute(Activation.softmax().apply(Variable.parameter(logits)), target).value().item();
        double without;
        try (NoGrad scope = NoGrad.enter()) {
            without = ce.compute(Activation.softmax().apply(Variable.parameter(logits)), target).value().item();
        }
        // Then both agree
        assertThat(without).isCloseTo(withGraph, within(1e-12));
    }
}
