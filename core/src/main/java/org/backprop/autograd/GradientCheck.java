package org.backprop.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * Checks backpropagation against the definition of the derivative: for every element {@code w} of
 * every named variable, the central difference {@code (L(w+ε) − L(w−ε)) / 2ε} is compared with
 * the gradient found by {@link Variable#backward()}.
 *
 * <p>Run it in float64 ({@link DType#FLOAT64}): the difference quotient's truncation error is
 * {@code O(ε²)} and its rounding error about {@code 1e-16/ε}, so {@code ε = 1e-6} gives some 10
 * correct digits. In float32 the rounding error alone would be near 1e-2.
 *
 * <pre>{@code
 * Report report = GradientCheck.check(model.namedParameters(),
 *         () -> loss.compute(model.forward(x), y), 1e-6);
 * assert report.maxRelativeError() < 1e-6 : report;
 * }</pre>
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * The comparison for one variable.
     *
     * @param name             the variable's name
     * @param elements         how many elements were checked
     * @param maxAbsoluteError the largest {@code |analytic − numeric|}
     * @param maxRelativeError the largest {@code |analytic − numeric| / max(|analytic|, |numeric|, 1e-8)}
     * @param worstIndex       the row-major index of the element with the largest relative error
     * @param analytic         backpropagation's gradient at that element
     * @param numeric          the central difference at that element
     */
    public record Result(String name, int elements, double maxAbsoluteError, double maxRelativeError,
                         int worstIndex, double analytic, double numeric) {
    }

    /**
     * The comparison for every variable, in order.
     *
     * @param results one per variable
     * @param epsilon the step used
     */
    public record Report(List<Result> results, double epsilon) {
        /**
         * The largest relative error over all variables.
         *
         * @return the largest relative error
         */
        public double maxRelativeError() {
            return results.stream().mapToDouble(Result::maxRelativeError).max().orElse(0);
        }

        /**
         * The largest absolute error over all variables.
         *
         * @return the largest absolute error
         */
        public double maxAbsoluteError() {
            return results.stream().mapToDouble(Result::maxAbsoluteError).max().orElse(0);
        }

        /** A table: one line per variable with its errors and worst element. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "gradient check (central differences, ε = %.1e)%n", epsilon));
            for (Result r : results) {
                sb.append(String.format(Locale.ROOT,
                        "  %-24s %6d elements  max rel %.3e  max abs %.3e  worst [%d]: analytic %.10g numeric %.10g%n",
                        r.name(), r.elements(), r.maxRelativeError(), r.maxAbsoluteError(), r.worstIndex(),
                        r.analytic(), r.numeric()));
            }
            return sb.toString();
        }
    }

    /**
     * Checks the gradient of {@code loss} with respect to every variable in {@code variables}.
     *
     * @param variables leaves that want gradients (parameters, or inputs made with
     *                  {@link Variable#parameter}), by name, in report order
     * @param loss      builds the scalar loss from the current values; called once per element and
     *                  direction, so it must be deterministic (no dropout in training mode)
     * @param epsilon   the finite-difference step
     * @return the comparison for every variable, in the order of {@code variables}
     */
    public static Report check(Map<String, Variable> variables, Supplier<Variable> loss, double epsilon) {
        for (Variable v : variables.values()) {
            v.zeroGrad();
        }
        loss.get().backward();
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, Variable> e : variables.entrySet()) {
            Variable v = e.getValue();
            Tensor value = v.value();
            Tensor analytic = v.grad() != null ? v.grad().copy() : Tensor.zeros(value.dtype(), value.shape());
            double maxAbs = 0;
            double maxRel = 0;
            int worst = 0;
            double worstA = analytic.get(0);
            double worstN = Double.NaN;
            for (int i = 0; i < value.size(); i++) {
                double original = value.get(i);
                value.set(i, original + epsilon);
                double plus = evaluate(loss);
                value.set(i, original - epsilon);
                double minus = evaluate(loss);
                value.set(i, original);
                double numeric = (plus - minus) / (2 * epsilon);
                double a = analytic.get(i);
                double abs = Math.abs(a - numeric);
                double rel = abs / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), 1e-8);
                // NaN, once seen, stays the verdict: !(x <= y) is true for NaN
                if (i == 0 || (!Double.isNaN(maxRel) && !(rel <= maxRel))) {
                    maxRel = rel;
                    worst = i;
                    worstA = a;
                    worstN = numeric;
                }
                if (i == 0 || (!Double.isNaN(maxAbs) && !(abs <= maxAbs))) {
                    maxAbs = abs;
                }
            }
            results.add(new Result(e.getKey(), value.size(), maxAbs, maxRel, worst, worstA, worstN));
        }
        return new Report(List.copyOf(results), epsilon);
    }

    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    private static double evaluate(Supplier<Variable> loss) {
        try (NoGrad scope = NoGrad.enter()) {
            return loss.get().value().item();
        }
    }
}
