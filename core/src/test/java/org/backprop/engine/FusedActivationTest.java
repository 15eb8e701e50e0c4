package org.backprop.engine;

import static org.assertj.core.api.Assertions.fail;

import org.backprop.autograd.Variable;
import org.backprop.nn.Activation;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fused loops against the graph's ops: the same values, bit for bit. */
class FusedActivationTest {

    @ParameterizedTest
    @ValueSource(strings = {"identity", "relu", "sigmoid", "tanh", "leaky_relu(0.2)", "elu", "gelu", "softplus",
        "softmax", "log_softmax"})
    void forwardAndBackwardEqualTheGraphsOpsExactly(String name) {
        // Given pre-activations (with exact zeros, the kink), a bias and an upstream gradient
        Activation activation = Activation.parse(name);
        Rng rng = new Rng(name.hashCode());
        int rows = 7;
        int cols = 5;
        float[] z = new float[rows * cols];
        float[] g = new float[rows * cols];
        float[] bias = new float[cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = i % 6 == 0 ? 0f : (float) (3 * rng.nextGaussian());
            g[i] = (float) rng.nextGaussian();
        }
        bias[2] = 0.5f;
        float[] zb = z.clone();
        FusedActivation.addBias(zb, bias, rows, cols);
        Variable zv = Variable.parameter(Tensor.wrap(zb.clone(), Shape.of(rows, cols)));
        Variable av = activation.apply(zv);

        // When the fused loops run
        FusedActivation fused = FusedActivation.of(activation);
        float[] a = new float[z.length];
        fused.forward(z, bias, a, rows, cols);

        // Then the forward values are identical
        same("forward " + name, a, av.value().floatData());
        if (fused.rule() == FusedActivation.Rule.LOG_SOFTMAX) {
            return;
        }
        // And the backward ∂L/∂z is identical too
        av.backward(Tensor.wrap(g.clone(), Shape.of(rows, cols)), (node, gradOutput, gradInputs) -> { });
        float[] dz = g.clone();
        fused.backward(z, a, dz, rows, cols);
        same("backward " + name, dz, zv.grad().floatData());
    }

    private static void same(String what, float[] got, float[] want) {
        for (int i = 0; i < want.length; i++) {
            if (got[i] != want[i]) {
                fail("%s[%d]: fused %s, graph %s", what, i, got[i], want[i]);
            }
        }
    }
}
