package org.backprop.autograd.ops;

import static org.assertj.core.api.Assertions.fail;

import org.backprop.autograd.Variable;
import org.backprop.nn.Activation;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each activation's row kernel — what the fused engine, the predictor and the float32 graph run —
 * against the float64 reference (the scalar rule, or the row formula in double): the forward
 * values are the reference rounded to float, bit for bit; the backward agrees within float rounding.
 */
class RowKernelTest {

    @ParameterizedTest
    @ValueSource(strings = {"identity", "relu", "sigmoid", "tanh", "leaky_relu(0.2)", "elu", "gelu", "softplus",
        "softmax", "log_softmax"})
    void kernelsEqualTheFloat64Reference(String name) {
        // Given pre-activations (with exact zeros, the kink) and an upstream gradient
        Activation activation = Activation.parse(name);
        Rng rng = new Rng(name.hashCode());
        int rows = 7;
        int cols = 5;
        float[] z = new float[rows * cols];
        float[] g = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = i % 6 == 0 ? 0f : (float) (3 * rng.nextGaussian());
            g[i] = (float) rng.nextGaussian();
        }
        Variable z64 = Variable.parameter(Tensor.wrap(z, Shape.of(rows, cols)).to(DType.FLOAT64));
        Variable a64 = activation.apply(z64);
        a64.backward(Tensor.wrap(g, Shape.of(rows, cols)).to(DType.FLOAT64), (node, gradOutput, gradInputs) -> { });

        // When the kernel runs on floats
        float[] a = new float[z.length];
        activation.kernel().forward(z, a, rows, cols);
        float[] dz = g.clone();
        activation.kernel().backward(z, a, dz, rows, cols);

        // Then
        for (int i = 0; i < z.length; i++) {
            if (a[i] != (float) a64.value().get(i)) {
                fail("forward %s[%d]: kernel %s, reference %s", name, i, a[i], a64.value().get(i));
            }
            double want = z64.grad().get(i);
            if (Math.abs(dz[i] - want) > 1e-5 * Math.max(1, Math.abs(want))) {
                fail("backward %s[%d]: kernel %s, reference %s", name, i, dz[i], want);
            }
        }
    }
}
