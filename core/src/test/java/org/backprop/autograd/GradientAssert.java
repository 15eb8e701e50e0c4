package org.backprop.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Test helper around {@link GradientCheck}: runs the check in float64 and fails with the full
 * report when backpropagation and central differences disagree.
 */
public final class GradientAssert {
    /** Central-difference step: truncation error ~ε², rounding error ~1e-16/ε, so about 1e-10 each. */
    public static final double EPSILON = 1e-6;
    /** Largest relative error accepted for an element whose gradient is not tiny. */
    public static final double RELATIVE_TOLERANCE = 1e-6;
    /** Below this absolute error an element passes whatever its relative error (rounding noise). */
    public static final double ABSOLUTE_TOLERANCE = 1e-9;

    private GradientAssert() {
    }

    /** Checks every variable and fails with the report if any gradient is off. */
    public static GradientCheck.Report assertGradientsMatch(Map<String, Variable> variables, Supplier<Variable> loss) {
        for (Variable v : variables.values()) {
            assertThat(v.value().dtype()).as("gradient checks run in float64: %s", v).isEqualTo(DType.FLOAT64);
        }
        GradientCheck.Report report = GradientCheck.check(variables, loss, EPSILON);
        for (GradientCheck.Result r : report.results()) {
            boolean ok = r.maxRelativeError() < RELATIVE_TOLERANCE || r.maxAbsoluteError() < ABSOLUTE_TOLERANCE;
            assertThat(ok).as("gradient of %s disagrees with central differences:%n%s", r.name(), report).isTrue();
        }
        return report;
    }

    /** One named variable. */
    public static Map<String, Variable> vars(String name, Variable v) {
        Map<String, Variable> m = new LinkedHashMap<>();
        m.put(name, v);
        return m;
    }

    /** Two named variables, in order. */
    public static Map<String, Variable> vars(String n1, Variable v1, String n2, Variable v2) {
        Map<String, Variable> m = vars(n1, v1);
        m.put(n2, v2);
        return m;
    }

    /** A float64 parameter of the given shape with values drawn uniformly from {@code [lo, hi)}. */
    public static Variable randomParameter(Rng rng, double lo, double hi, int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, Shape.of(dims));
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rng.uniform(lo, hi));
        }
        return Variable.parameter(t);
    }

    /** A float64 constant of the given shape with values drawn uniformly from {@code [lo, hi)}. */
    public static Tensor randomTensor(Rng rng, double lo, double hi, int... dims) {
        return randomParameter(rng, lo, hi, dims).value();
    }

    /**
     * {@code Σ out ⊙ w} for a fixed random weighting {@code w}: a scalar whose gradient with respect
     * to {@code out} is {@code w}, so every element of a non-scalar output is checked with a
     * different upstream gradient (a plain sum would hide errors that cancel, such as in softmax).
     */
    public static Variable weightedSum(Variable out, Tensor weights) {
        return out.mul(Variable.constant(weights)).sum();
    }
}
