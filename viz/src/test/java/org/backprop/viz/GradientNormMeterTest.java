package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.backprop.autograd.Variable;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradientNormMeterTest {

    @Test
    void averagesEachParametersGradientNormOverTheEpoch() {
        // Given a network with gradients from one backward pass
        Network net = new Network(2, NetworkSpec.parse("3 tanh, 1 identity"), new Rng(5));
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2}});
        Tensor y = Tensor.matrix(DType.FLOAT32, new double[][] {{0.5}});
        Losses.mse().compute(net.forward(Variable.constant(x)), y).backward();
        Tensor g = net.namedParameters().get("layers.1.bias").grad();
        GradientNormMeter meter = new GradientNormMeter();
        // When the same gradients are recorded twice and the epoch ends
        meter.record(net);
        meter.record(net);
        Map<String, Double> norms = meter.endEpoch();
        // Then each norm is the L2 norm of that gradient, in parameter order, and the meter starts afresh
        assertThat(norms.keySet()).containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias");
        assertThat(norms.get("layers.1.bias")).isCloseTo(Math.abs(g.get(0)), within(1e-6));
        assertThat(meter.endEpoch()).isEmpty();
    }
}
