package org.backprop.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.backprop.autograd.GradientAssert.assertGradientsMatch;
import static org.backprop.autograd.GradientAssert.vars;

import java.util.ArrayList;
import java.util.List;
import org.backprop.autograd.ops.Sigmoid;
import org.backprop.autograd.ops.Sum;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The graph and the backward sweep: accumulation, order, scalar expressions with known derivatives. */
class VariableTest {

    private static Variable scalarParam(double v) {
        return Variable.parameter(Tensor.scalar(DType.FLOAT64, v));
    }

    @Test
    void aValueUsedTwiceReceivesTheSumOfBothPaths() {
        // Given y = x·x + x at x = 3
        Variable x = scalarParam(3);

        // When
        Variable y = x.mul(x).add(x);
        y.backward();

        // Then y = 12 and dy/dx = 2x + 1 = 7 (three uses of x: two in the product, one in the sum)
        assertThat(y.value().item()).isEqualTo(12.0);
        assertThat(x.grad().item()).isEqualTo(7.0);
    }

    @Test
    void sigmoidOfAProductPlusTheInputHasItsAnalyticDerivative() {
        // Given f(x, y) = σ(x·y + x) at x = 0.5, y = −2, so u = x·y + x = −0.5
        // f = σ(−0.5) = 1/(1+e^0.5) = 0.3775406687981454
        // σ'(u) = f(1−f) = 0.3775406687981454 · 0.6224593312018546 = 0.2350037122015945
        // ∂f/∂x = σ'(u)·(y + 1) = 0.2350037122015945 · (−1) = −0.2350037122015945
        // ∂f/∂y = σ'(u)·x       = 0.2350037122015945 · 0.5 = 0.11750185610079725
        Variable x = scalarParam(0.5);
        Variable y = scalarParam(-2);

        // When
        Variable f = x.mul(y).add(x).map(new Sigmoid());
        f.backward();

        // Then
        assertThat(f.value().item()).isCloseTo(0.3775406687981454, within(1e-15));
        assertThat(x.grad().item()).isCloseTo(-0.2350037122015945, within(1e-15));
        assertThat(y.grad().item()).isCloseTo(0.11750185610079725, within(1e-15));
        // and the finite-difference check agrees
        assertGradientsMatch(vars("x", x, "y", y), () -> x.mul(y).add(x).map(new Sigmoid()));
    }

    @Test
    void aQuotientExpressionHasItsAnalyticDerivative() {
        // Given g(a, b) = (a − b) / (a·b) = 1/b − 1/a at a = 2, b = 4: g = 0.25
        // ∂g/∂a = 1/a² = 0.25, ∂g/∂b = −1/b² = −0.0625
        Variable a = scalarParam(2);
        Variable b = scalarParam(4);

        // When
        Variable g = a.sub(b).div(a.mul(b));
        g.backward();

        // Then
        assertThat(g.value().item()).isEqualTo(-0.25);
        assertThat(a.grad().item()).isCloseTo(0.25, within(1e-15));
        assertThat(b.grad().item()).isCloseTo(-0.0625, within(1e-15));
    }

    @Test
    void leafGradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        // Given y = 3x
        Variable x = scalarParam(2);
        Variable y = x.scale(3);

        // When backward runs twice on the same graph
        y.backward();
        y.backward();

        // Then the leaf holds 3 + 3 (as in PyTorch), not 3 + 6 from stale interior gradients
        assertThat(x.grad().item()).isEqualTo(6.0);

        // And after zeroGrad a new pass starts from nothing
        x.zeroGrad();
        y.backward();
        assertThat(x.grad().item()).isEqualTo(3.0);
    }

    @Test
    void secondBackwardThroughADeeperGraphDoesNotReuseInteriorGradients() {
        // Given L = Σ (2·(x + 1)) over a 2-vector, dL/dx = 2 each
        Variable x = Variable.parameter(Tensor.vector(DType.FLOAT64, 1, 2));
        Variable loss = x.add(Variable.constant(Tensor.scalar(DType.FLOAT64, 1))).scale(2).sum();

        // When backward runs twice
        loss.backward();
        loss.backward();

        // Then each run contributed exactly 2
        assertThat(x.grad().toDoubleArray()).containsExactly(4.0, 4.0);
    }

    @Test
    void constantsGetNoGradientAndCutTheGraph() {
        // Given a parameter combined with a constant and with a detached copy of itself
        Variable w = scalarParam(2);
        Variable c = Variable.constant(Tensor.scalar(DType.FLOAT64, 5));

        // When
        Variable y = w.mul(c).add(w.detach().mul(w));
        y.backward();

        // Then the constant gets nothing and the detached path contributes only through the live use
        assertThat(c.grad()).isNull();
        assertThat(c.requiresGrad()).isFalse();
        assertThat(w.grad().item()).isEqualTo(5.0 + 2.0);
    }

    @Test
    void topologicalOrderPutsEveryNodeAfterItsInputsAndIsDeterministic() {
        // Given a diamond: a → b = σ(a), c = a·a, d = b + c
        Variable a = scalarParam(0.3).named("a");
        Variable b = a.map(new Sigmoid()).named("b");
        Variable c = a.mul(a).named("c");
        Variable d = b.add(c).named("d");

        // When the order is computed twice
        List<Variable> order = d.topologicalOrder();

        // Then inputs come first, the root last, each node once, and in input order
        assertThat(order).containsExactly(a, b, c, d);
        assertThat(d.topologicalOrder()).containsExactlyElementsOf(order);
    }

    @Test
    void aVeryDeepGraphDoesNotOverflowTheStack() {
        // Given a chain of 50 000 additions (a recursive sort would overflow the stack)
        Variable x = scalarParam(1);
        Variable y = x;
        Variable one = Variable.constant(Tensor.scalar(DType.FLOAT64, 1));
        for (int i = 0; i < 50_000; i++) {
            y = y.add(one);
        }

        // When
        y.backward();

        // Then
        assertThat(y.value().item()).isEqualTo(50_001.0);
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void backwardListenerSeesEveryInteriorNodeInReverseOrderWithItsGradients() {
        // Given L = Σ (x·x)
        Variable x = Variable.parameter(Tensor.vector(DType.FLOAT64, 1, -2));
        Variable sq = x.mul(x);
        Variable loss = sq.sum();
        List<String> seen = new ArrayList<>();

        // When the sweep runs with a listener
        loss.backward(Tensor.scalar(DType.FLOAT64, 1), (node, gradOut, gradIns) -> {
            seen.add(node.function().name() + ":" + gradOut + ":" + gradIns.length);
        });

        // Then it heard the sum first, then the product, each with its inputs' gradients
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("sum:").endsWith(":1");
        assertThat(seen.get(1)).startsWith("mul:").endsWith(":2");
        assertThat(x.grad().toDoubleArray()).containsExactly(2.0, -4.0);
    }

    @Test
    void backwardWithoutSeedNeedsAScalarAndASeedMustMatchTheShape() {
        // Given a non-scalar output
        Variable x = Variable.parameter(Tensor.zeros(DType.FLOAT64, Shape.of(2, 3)));
        Variable y = x.scale(2);

        // When / Then
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[2, 3]").hasMessageContaining("scalar");
        assertThatThrownBy(() -> y.backward(Tensor.zeros(DType.FLOAT64, Shape.of(3, 2)), BackwardListener.NONE))
                .hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    }

    @Test
    void setValueOnlyOnLeavesAndWithTheSameShape() {
        // Given a leaf and an interior node
        Variable w = Variable.parameter(Tensor.zeros(DType.FLOAT32, Shape.of(2))).named("w");
        Variable s = new Sum().apply(w);

        // When / Then
        assertThatThrownBy(() -> s.setValue(Tensor.zeros(DType.FLOAT32, Shape.scalar())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sum");
        assertThatThrownBy(() -> w.setValue(Tensor.zeros(DType.FLOAT32, Shape.of(3))))
                .hasMessageContaining("w").hasMessageContaining("[2]").hasMessageContaining("[3]");
        w.setValue(Tensor.zeros(DType.FLOAT64, Shape.of(2)));
        assertThat(w.value().dtype()).isEqualTo(DType.FLOAT64);
    }
}
