package org.backprop.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop.autograd.Variable;
import org.backprop.loss.Losses;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lecture's 2-2-1 network, worked by hand. Inputs {@code i1 = 0.05, i2 = 0.1}; hidden neurons
 * {@code O1, O2} with sigmoid; linear output {@code ŷ = w²₁·O1 + w²₂·O2 + b²}; target
 * {@code y = 0.01}; loss {@code L = (ŷ − y)²}.
 *
 * <pre>
 *   W¹ = [[w¹₁₁, w¹₁₂], [w¹₂₁, w¹₂₂]] = [[0.15, 0.20], [0.25, 0.30]]   b¹ = [0.35, 0.35]
 *   W² = [[w²₁, w²₂]] = [[0.40, 0.45]]                                  b² = [0.60]
 * </pre>
 *
 * Every expected number below was computed in double precision (Python) from the formulas in the
 * comments; the arithmetic is shown so that each can be redone by hand.
 */
class LectureNetworkGoldenTest {
    private static final double TOL = 1e-14;
    private Network net;
    private Tensor x;
    private Tensor y;

    @BeforeEach
    void buildTheLectureNetwork() {
        net = NetworkSpec.parse("2 sigmoid, 1 identity").build(2, new Rng(0));
        net.to(DType.FLOAT64);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("layers.0.weight", Tensor.matrix(DType.FLOAT64, new double[][] {{0.15, 0.20}, {0.25, 0.30}}));
        weights.put("layers.0.bias", Tensor.vector(DType.FLOAT64, 0.35, 0.35));
        weights.put("layers.1.weight", Tensor.matrix(DType.FLOAT64, new double[][] {{0.40, 0.45}}));
        weights.put("layers.1.bias", Tensor.vector(DType.FLOAT64, 0.60));
        net.loadStateDict(weights);
        x = Tensor.matrix(DType.FLOAT64, new double[][] {{0.05, 0.10}});
        y = Tensor.matrix(DType.FLOAT64, new double[][] {{0.01}});
    }

    @Test
    void forwardPassMatchesTheHandComputation() {
        // Given the network above
        Dense hidden = net.denseLayers().get(0);

        // When the forward pass runs
        Tensor z = hidden.preActivation(Variable.constant(x)).value();
        Tensor o = hidden.forward(Variable.constant(x)).value();
        Variable yHat = net.forward(Variable.constant(x));
        double loss = Losses.sse().compute(yHat, y).value().item();

        // Then
        // z₁ = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.0075 + 0.02 + 0.35 = 0.3775
        // z₂ = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.0125 + 0.03 + 0.35 = 0.3925
        assertThat(z.get(0)).isCloseTo(0.3775, within(TOL));
        assertThat(z.get(1)).isCloseTo(0.3925, within(TOL));
        // O1 = σ(0.3775) = 1/(1 + e^−0.3775) = 0.5932699921071872
        // O2 = σ(0.3925) = 1/(1 + e^−0.3925) = 0.596884378259767
        assertThat(o.get(0)).isCloseTo(0.5932699921071872, within(TOL));
        assertThat(o.get(1)).isCloseTo(0.596884378259767, within(TOL));
        // ŷ = 0.40·0.5932699921071872 + 0.45·0.596884378259767 + 0.60
        //   = 0.23730799684287488 + 0.26859797021689515 + 0.60 = 1.10590596705977
        assertThat(yHat.value().item()).isCloseTo(1.10590596705977, within(TOL));
        // L = (1.10590596705977 − 0.01)² = 1.09590596705977² = 1.2010098886372096
        assertThat(loss).isCloseTo(1.2010098886372096, within(TOL));
    }

    @Test
    void everyGradientMatchesTheChainRuleByHand() {
        // Given the network above
        // When the loss is backpropagated
        Variable loss = Losses.sse().compute(net.forward(Variable.constant(x)), y);
        loss.backward();
        Map<String, Variable> p = net.namedParameters();

        // Then
        // dL/dŷ = 2(ŷ − y) = 2·1.09590596705977 = 2.19181193411954
        // output layer: dL/dw²₁ = 2(ŷ−y)·O1 = 2.19181193411954·0.5932699921071872 = 1.3003362488555381
        //               dL/dw²₂ = 2(ŷ−y)·O2 = 2.19181193411954·0.596884378259767  = 1.308258303559279
        //               dL/db²  = 2(ŷ−y)                                            = 2.19181193411954
        assertThat(p.get("layers.1.weight").grad().get(0)).isCloseTo(1.3003362488555381, within(TOL));
        assertThat(p.get("layers.1.weight").grad().get(1)).isCloseTo(1.308258303559279, within(TOL));
        assertThat(p.get("layers.1.bias").grad().get(0)).isCloseTo(2.19181193411954, within(TOL));
        // hidden layer: σ'(z₁) = O1(1−O1) = 0.5932699921071872·0.4067300078928128 = 0.24130070857232525
        //               σ'(z₂) = O2(1−O2) = 0.596884378259767·0.403115621740233   = 0.2406134172492184
        //   δ₁ = dL/dz₁ = 2(ŷ−y)·w²₁·σ'(z₁) = 2.19181193411954·0.40·0.24130070857232525 = 0.21155430910412945
        //   δ₂ = dL/dz₂ = 2(ŷ−y)·w²₂·σ'(z₂) = 2.19181193411954·0.45·0.2406134172492184  = 0.23732071174625458
        //   dL/dw¹₁₁ = δ₁·i1 = 0.21155430910412945·0.05 = 0.010577715455206473
        //   dL/dw¹₁₂ = δ₁·i2 = 0.21155430910412945·0.10 = 0.021155430910412946
        //   dL/dw¹₂₁ = δ₂·i1 = 0.23732071174625458·0.05 = 0.01186603558731273
        //   dL/dw¹₂₂ = δ₂·i2 = 0.23732071174625458·0.10 = 0.02373207117462546
        //   dL/db¹₁ = δ₁, dL/db¹₂ = δ₂
        Tensor gW1 = p.get("layers.0.weight").grad();
        assertThat(gW1.get(0, 0)).isCloseTo(0.010577715455206473, within(TOL));
        assertThat(gW1.get(0, 1)).isCloseTo(0.021155430910412946, within(TOL));
        assertThat(gW1.get(1, 0)).isCloseTo(0.01186603558731273, within(TOL));
        assertThat(gW1.get(1, 1)).isCloseTo(0.02373207117462546, within(TOL));
        assertThat(p.get("layers.0.bias").grad().get(0)).isCloseTo(0.21155430910412945, within(TOL));
        assertThat(p.get("layers.0.bias").grad().get(1)).isCloseTo(0.23732071174625458, within(TOL));
    }

    @Test
    void oneStepOfGradientDescentGivesTheHandComputedWeights() {
        // Given plain gradient descent with η = 0.5
        Optimizer gd = new Sgd(net.parameters(), Sgd.Config.of(0.5));

        // When one step is taken: w ← w − η·∂L/∂w
        gd.zeroGrad();
        Losses.sse().compute(net.forward(Variable.constant(x)), y).backward();
        gd.step();
        Map<String, Tensor> w = net.stateDict();

        // Then
        // w¹₁₁ = 0.15 − 0.5·0.010577715455206473 = 0.14471114227239676
        // w¹₁₂ = 0.20 − 0.5·0.021155430910412946 = 0.18942228454479354
        // w¹₂₁ = 0.25 − 0.5·0.01186603558731273  = 0.24406698220634362
        // w¹₂₂ = 0.30 − 0.5·0.02373207117462546  = 0.28813396441268724
        assertThat(w.get("layers.0.weight").toDoubleArray()).containsExactly(new double[] {
            0.14471114227239676, 0.18942228454479354, 0.24406698220634362, 0.28813396441268724}, within(TOL));
        // b¹₁ = 0.35 − 0.5·0.21155430910412945 = 0.24422284544793527
        // b¹₂ = 0.35 − 0.5·0.23732071174625458 = 0.2313396441268727
        assertThat(w.get("layers.0.bias").toDoubleArray()).containsExactly(new double[] {
            0.24422284544793527, 0.2313396441268727}, within(TOL));
        // w²₁ = 0.40 − 0.5·1.3003362488555381 = −0.25016812442776903
        // w²₂ = 0.45 − 0.5·1.308258303559279  = −0.20412915177963947
        // b²  = 0.60 − 0.5·2.19181193411954   = −0.49590596705976997
        assertThat(w.get("layers.1.weight").toDoubleArray()).containsExactly(new double[] {
            -0.25016812442776903, -0.20412915177963947}, within(TOL));
        assertThat(w.get("layers.1.bias").toDoubleArray()).containsExactly(new double[] {-0.49590596705976997}, within(TOL));

        // and the loss went down: a gradient step in the right direction
        double after = Losses.sse().compute(net.forward(Variable.constant(x)), y).value().item();
        assertThat(after).isLessThan(1.2010098886372096);
    }

    @Test
    void theFloat32NetworkAgreesWithTheFloat64HandValuesToSinglePrecision() {
        // Given the same network stored in float32 (how networks train)
        net.to(DType.FLOAT32);

        // When
        Variable loss = Losses.sse().compute(net.forward(Variable.constant(x.to(DType.FLOAT32))), y.to(DType.FLOAT32));
        loss.backward();

        // Then the numbers agree to float32 precision
        assertThat(loss.value().item()).isCloseTo(1.2010098886372096, within(1e-6));
        assertThat(net.namedParameters().get("layers.0.weight").grad().get(0, 0)).isCloseTo(0.010577715455206473, within(1e-8));
    }
}
