package org.backprop.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop.autograd.GradientAssert.vars;

import org.backprop.autograd.ops.Square;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link GradientCheck} itself: it must pass a correct rule and catch a wrong one. */
class GradientCheckTest {

    /** {@code y = x³} with a deliberately wrong backward rule {@code 2x²} (the right one is {@code 3x²}). */
    static final class WrongCube extends Function {
        private Tensor x;

        @Override
        public String name() {
            return "wrong_cube";
        }

        @Override
        protected Tensor forward(Tensor... inputs) {
            x = inputs[0];
            return x.map(v -> v * v * v);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x.map(v -> 2 * v * v))};
        }
    }

    @Test
    void detectsADeliberatelyWrongBackwardRule() {
        // Given a parameter and an op whose backward rule is wrong by a factor 2/3
        Variable x = Variable.parameter(Tensor.vector(DType.FLOAT64, 0.5, -1.5, 2.0));

        // When the gradient is checked
        GradientCheck.Report report = GradientCheck.check(vars("x", x), () -> new WrongCube().apply(x).sum(), 1e-6);

        // Then the relative error is about 1/3 (|2x² − 3x²| / 3x²) and the report names the variable
        assertThat(report.maxRelativeError()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("x");
            assertThat(r.elements()).isEqualTo(3);
            assertThat(r.analytic()).isCloseTo(2 * r.numeric() / 3, org.assertj.core.data.Offset.offset(1e-6));
        });
        assertThat(report.toString()).contains("x").contains("max rel 3.333e-01");
    }

    @Test
    void passesACorrectRuleWithTinyError() {
        // Given the correct square op
        Variable x = Variable.parameter(Tensor.vector(DType.FLOAT64, 0.5, -1.5, 2.0));

        // When the gradient of Σx² is checked
        GradientCheck.Report report = GradientCheck.check(vars("x", x), () -> x.map(new Square()).sum(), 1e-6);

        // Then it agrees to about ten digits and the analytic gradient (2x) is left in place
        assertThat(report.maxRelativeError()).isLessThan(1e-8);
        assertThat(x.grad().toDoubleArray()).containsExactly(1.0, -3.0, 4.0);
    }

    @Test
    void reportsAVariableTheLossDoesNotReachAsZeroGradient() {
        // Given two parameters of which the loss uses only one
        Variable used = Variable.parameter(Tensor.vector(DType.FLOAT64, 1.0));
        Variable unused = Variable.parameter(Tensor.vector(DType.FLOAT64, 2.0));

        // When checked
        GradientCheck.Report report = GradientCheck.check(vars("used", used, "unused", unused),
                () -> used.map(new Square()).sum(), 1e-6);

        // Then the unused one has analytic and numeric gradient 0, hence no error
        assertThat(report.results().get(1).maxAbsoluteError()).isZero();
        assertThat(report.results().get(1).name()).isEqualTo("unused");
    }
}
