package org.backprop.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ScheduleClippingRegularizationTest {

    @Test
    void stepScheduleHalvesEveryTwoSteps() {
        // Given γ = 0.5 every 2 steps
        LearningRateSchedule s = LearningRateSchedule.step(2, 0.5);

        // When / Then: γ^⌊t/2⌋
        assertThat(new double[] {s.factor(0), s.factor(1), s.factor(2), s.factor(3), s.factor(4)})
                .containsExactly(1, 1, 0.5, 0.5, 0.25);
    }

    @Test
    void exponentialAndConstantSchedules() {
        // Given / When / Then
        assertThat(LearningRateSchedule.exponential(0.9).factor(3)).isCloseTo(0.729, within(1e-15));
        assertThat(LearningRateSchedule.exponential(0.9).factor(0)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.constant().factor(1000)).isEqualTo(1.0);
    }

    @Test
    void cosineAnnealsFromOneToTheMinimumAndHolds() {
        // Given a period of 10 and a floor of 0.1
        LearningRateSchedule s = LearningRateSchedule.cosine(10, 0.1);

        // When / Then: 0.1 + 0.9·(1 + cos(πt/10))/2
        assertThat(s.factor(0)).isEqualTo(1.0);
        assertThat(s.factor(5)).isCloseTo(0.55, within(1e-15));
        assertThat(s.factor(2)).isCloseTo(0.1 + 0.45 * (1 + Math.cos(Math.PI / 5)), within(1e-15));
        assertThat(s.factor(10)).isCloseTo(0.1, within(1e-15));
        assertThat(s.factor(25)).isEqualTo(0.1);
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        // Given 4 warm-up steps followed by exponential decay 0.5
        LearningRateSchedule s = LearningRateSchedule.warmup(4, LearningRateSchedule.exponential(0.5));

        // When / Then
        assertThat(new double[] {s.factor(0), s.factor(1), s.factor(2), s.factor(3), s.factor(4), s.factor(5)})
                .containsExactly(0.25, 0.5, 0.75, 1.0, 1.0, 0.5);
    }

    @Test
    void applySetsTheOptimisersRate() {
        // Given
        Optimizer opt = new Sgd(List.of(Variable.parameter(Tensor.zeros(1))), Sgd.Config.of(0.1));

        // When
        LearningRateSchedule.step(1, 0.5).apply(opt, 0.2, 2);

        // Then 0.2 · 0.25
        assertThat(opt.learningRate()).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void schedulesValidateTheirArguments() {
        // Given / When / Then
        assertThatThrownBy(() -> LearningRateSchedule.step(0, 0.5)).hasMessageContaining("stepSize").hasMessageContaining("0");
        assertThatThrownBy(() -> LearningRateSchedule.step(2, 1.5)).hasMessageContaining("gamma must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> LearningRateSchedule.exponential(0)).hasMessageContaining("exponential schedule: gamma");
        assertThatThrownBy(() -> LearningRateSchedule.cosine(0, 0.1)).hasMessageContaining("period");
        assertThatThrownBy(() -> LearningRateSchedule.cosine(5, 2)).hasMessageContaining("minFactor must be in [0, 1], got 2.0");
        assertThatThrownBy(() -> LearningRateSchedule.warmup(0, LearningRateSchedule.constant()))
                .hasMessageContaining("warmupSteps");
    }

    @Test
    void clipByNormScalesAllGradientsTogetherToTheMaximum() {
        // Given gradients [3] and [4] (joint norm 5) and a third parameter without a gradient
        Variable a = param(3);
        Variable b = param(4);
        Variable none = Variable.parameter(Tensor.vector(DType.FLOAT64, 0));

        // When clipped to norm 1
        double before = GradientClipping.clipByNorm(List.of(a, b, none), 1.0);

        // Then the norm before is reported, the norm after is 1 and the direction is kept
        assertThat(before).isEqualTo(5.0);
        double after = Math.hypot(a.grad().get(0), b.grad().get(0));
        assertThat(after).isCloseTo(1.0, within(1e-6)).isLessThanOrEqualTo(1.0);
        assertThat(a.grad().get(0) / b.grad().get(0)).isCloseTo(0.75, within(1e-12));
        assertThat(none.grad()).isNull();
    }

    @Test
    void clipByNormLeavesSmallGradientsAlone() {
        // Given a gradient of norm 0.5
        Variable a = param(0.5);

        // When / Then
        assertThat(GradientClipping.clipByNorm(List.of(a), 1.0)).isEqualTo(0.5);
        assertThat(a.grad().get(0)).isEqualTo(0.5);
        assertThatThrownBy(() -> GradientClipping.clipByNorm(List.of(a), 0)).hasMessageContaining("maxNorm");
    }

    @Test
    void clipByValueClampsEachElement() {
        // Given
        Variable a = Variable.parameter(Tensor.vector(DType.FLOAT64, 0, 0, 0));
        a.setGrad(Tensor.vector(DType.FLOAT64, -5, 0.2, 3));

        // When
        GradientClipping.clipByValue(List.of(a), 1);

        // Then
        assertThat(a.grad().toDoubleArray()).containsExactly(-1, 0.2, 1);
        assertThatThrownBy(() -> GradientClipping.clipByValue(List.of(a), -1)).hasMessageContaining("limit");
    }

    @Test
    void regularizationAddsTheGradientOfItsPenalty() {
        // Given weights [0.5, −2, 0] with zero gradients, λ₁ = 0.1, λ₂ = 0.01
        Variable w = Variable.parameter(Tensor.vector(DType.FLOAT64, 0.5, -2, 0));
        w.setGrad(Tensor.vector(DType.FLOAT64, 0, 0, 0));
        Regularization r = new Regularization(0.1, 0.01);

        // When
        r.addToGradients(List.of(w));

        // Then g = λ₁·sign(w) + λ₂·w, with sign(0) = 0
        assertThat(w.grad().toDoubleArray()).containsExactly(new double[] {0.1 + 0.005, -0.1 - 0.02, 0}, within(1e-15));
        // and penalty = λ₁Σ|w| + (λ₂/2)Σw² = 0.1·2.5 + 0.005·4.25
        assertThat(r.penalty(List.of(w))).isCloseTo(0.25 + 0.02125, within(1e-15));
        // and the added gradient is the derivative of the penalty (central differences away from the kink)
        for (int i = 0; i < 2; i++) {
            double h = 1e-6;
            double orig = w.value().get(i);
            w.value().set(i, orig + h);
            double plus = r.penalty(List.of(w));
            w.value().set(i, orig - h);
            double minus = r.penalty(List.of(w));
            w.value().set(i, orig);
            assertThat(w.grad().get(i)).isCloseTo((plus - minus) / (2 * h), within(1e-8));
        }
    }

    @Test
    void regularizationValidatesAndNoneDoesNothing() {
        // Given a gradient
        Variable w = param(1);

        // When
        Regularization.NONE.addToGradients(List.of(w));

        // Then
        assertThat(w.grad().get(0)).isEqualTo(1.0);
        assertThatThrownBy(() -> new Regularization(-1, 0)).hasMessageContaining("Regularization: l1").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new Regularization(0, Double.NaN)).hasMessageContaining("l2").hasMessageContaining("NaN");
    }

    private static Variable param(double grad) {
        Variable v = Variable.parameter(Tensor.vector(DType.FLOAT64, 1));
        v.setGrad(Tensor.vector(DType.FLOAT64, grad));
        return v;
    }

    @Test
    void float32PenaltiesGiveTheBitsOfTheDoubleFormulaSignedZerosIncluded() {
        // Given float32 weights and gradients with signed zeros, NaN-free extremes and ordinary values
        float[] w = {0.5f, -2f, 0f, -0f, 0f, -0f, 1e-30f, -3.25e-7f, 7f, 1e-45f};
        float[] g = {0.1f, 0f, -0f, 0f, 0f, -0f, -0f, 1f, -7e-4f, 0f};
        for (double l1 : new double[] {0, 0.1}) {
            for (double l2 : new double[] {1e-4, 0.5}) {
                Variable v = Variable.parameter(Tensor.of(w.clone(), w.length));
                v.setGrad(Tensor.of(g.clone(), g.length));

                // When the penalty is added on the float32 path
                new Regularization(l1, l2).addToGradients(List.of(v));

                // Then every element is g + λ₁·sign(w) + λ₂·w computed in double and rounded once, to the bit
                float[] got = v.grad().floatData();
                for (int i = 0; i < w.length; i++) {
                    float expected = (float) (g[i] + l1 * Math.signum((double) w[i]) + l2 * (double) w[i]);
                    assertThat(Float.floatToRawIntBits(got[i])).as("l1 %s, l2 %s, element %d", l1, l2, i)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }
}
