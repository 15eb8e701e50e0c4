package org.backprop.examples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.backprop.autograd.Variable;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * One step of backpropagation on the lecture's network, every number printed: the 2-2-2 sigmoid
 * network with weights w1…w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, biases 0.35 and
 * 0.60, input (0.05, 0.10) and target (0.01, 0.99), as worked by hand in Matt Mazur's
 * "A Step by Step Backpropagation Example". Squared error ½Σ(t − o)² is the mean squared error
 * over the two outputs, so the numbers are the same.
 */
public final class LectureStep {

    /** What one step gives: the loss before it, two gradients and the updated weights. */
    public record Result(double loss, double gradW5, double gradW1, double newW5, double newW1) {
    }

    private LectureStep() {
    }

    /** Runs the step and prints it. */
    public static void main(String[] args) {
        Result r = run();
        System.out.printf(Locale.ROOT, "loss      E = %.9f%n", r.loss());
        System.out.printf(Locale.ROOT, "gradient  ∂E/∂w5 = %.9f   ∂E/∂w1 = %.9f%n", r.gradW5(), r.gradW1());
        System.out.printf(Locale.ROOT, "update    w5 ← %.8f       w1 ← %.9f   (η = 0.5)%n", r.newW5(), r.newW1());
    }

    /** @return the numbers of one forward pass, backward pass and SGD update */
    public static Result run() {
        Network net = NetworkSpec.parse("2 sigmoid, 2 sigmoid").build(2, new Rng(1));
        Module model = net.to(DType.FLOAT64);                       // float64: the hand-worked digits exactly
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("layers.0.weight", Tensor.matrix(DType.FLOAT64, new double[][] {{0.15, 0.20}, {0.25, 0.30}}));
        weights.put("layers.0.bias", Tensor.vector(DType.FLOAT64, 0.35, 0.35));
        weights.put("layers.1.weight", Tensor.matrix(DType.FLOAT64, new double[][] {{0.40, 0.45}, {0.50, 0.55}}));
        weights.put("layers.1.bias", Tensor.vector(DType.FLOAT64, 0.60, 0.60));
        model.loadStateDict(weights);

        Tensor x = Tensor.matrix(DType.FLOAT64, new double[][] {{0.05, 0.10}});
        Tensor y = Tensor.matrix(DType.FLOAT64, new double[][] {{0.01, 0.99}});
        Optimizer sgd = new Sgd(model.parameters(), Sgd.Config.of(0.5));
        Loss loss = Losses.mse();

        sgd.zeroGrad();
        Variable l = loss.compute(model.forward(Variable.constant(x)), y);
        l.backward();                                                 // ∂L/∂w for every weight, one reverse sweep
        Variable w1 = model.namedParameters().get("layers.0.weight");
        Variable w5 = model.namedParameters().get("layers.1.weight");
        double gradW5 = w5.grad().get(0, 0);
        double gradW1 = w1.grad().get(0, 0);
        sgd.step();                                                   // w ← w − η·∂L/∂w
        return new Result(l.value().item(), gradW5, gradW1, w5.value().get(0, 0), w1.value().get(0, 0));
    }
}
