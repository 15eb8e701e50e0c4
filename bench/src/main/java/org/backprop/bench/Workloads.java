package org.backprop.bench;

import org.backprop.engine.TrainingStep;
import org.backprop.engine.TrainingSteps;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Regularization;
import org.backprop.optim.Sgd;
import org.backprop.random.Rng;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Trans;

/**
 * The work every benchmark measures, defined once (the PyTorch side in {@code bench/compare.py}
 * mirrors it): the 784-256-128-10 ReLU network trained with softmax cross-entropy and plain SGD
 * in float32, the lecture's 2-2-1 XOR network, and the matrix products of one training step.
 */
public final class Workloads {
    /** Input features of the MLP (an MNIST image). */
    static final int MLP_INPUTS = 784;
    /** The MLP's layers after the input. */
    static final String MLP_SPEC = "256 relu, 128 relu, 10 softmax";
    /** Classes of the MLP. */
    static final int MLP_CLASSES = 10;
    /** Learning rate of the MLP's plain SGD. */
    static final double MLP_LEARNING_RATE = 0.01;

    private Workloads() {
    }

    /** A fresh 784-256-128-10 network. */
    static Network mlp(long seed) {
        return NetworkSpec.parse(MLP_SPEC).build(MLP_INPUTS, new Rng(seed));
    }

    /** The training step for {@code net}: cross-entropy, plain SGD, through the engine the trainer would pick. */
    static TrainingStep mlpStep(Network net, int threads) {
        return mlpStep(net, threads, "sgd");
    }

    /**
     * The same with optimiser {@code sgd} (plain, the rate above) or {@code adam} (η = 0.001, the
     * default of {@code backprop train}).
     */
    static TrainingStep mlpStep(Network net, int threads, String optimizer) {
        return TrainingSteps.create(net, Losses.crossEntropy(), mlpOptimizer(net, optimizer), Regularization.NONE, threads);
    }

    /** The optimiser of {@link #mlpStep}: {@code sgd} (plain, the rate above) or {@code adam} (η = 0.001). */
    static org.backprop.optim.Optimizer mlpOptimizer(Network net, String optimizer) {
        return optimizer.equals("adam")
                ? new org.backprop.optim.Adam(net.parameters(), org.backprop.optim.Adam.Config.of(0.001))
                : new Sgd(net.parameters(), Sgd.Config.of(MLP_LEARNING_RATE));
    }

    /** {@code rows} random MLP rows (standard-normal features, uniform classes) as a data set, for the trainer. */
    static org.backprop.data.Dataset mlpData(Rng rng, int rows) {
        Tensor x = randomInputs(rng, rows, MLP_INPUTS);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rng.nextInt(MLP_CLASSES);
        }
        java.util.List<String> features = new java.util.ArrayList<>();
        for (int f = 0; f < MLP_INPUTS; f++) {
            features.add("x" + f);
        }
        java.util.List<String> classes = new java.util.ArrayList<>();
        for (int c = 0; c < MLP_CLASSES; c++) {
            classes.add(Integer.toString(c));
        }
        return org.backprop.data.Dataset.classification("random", x, labels, features, "class", classes);
    }

    /** The four XOR rows as a regression data set (targets {@code [4, 1]}), for the trainer. */
    static org.backprop.data.Dataset xorData() {
        return org.backprop.data.Dataset.regression("xor", xorInputs(), xorTargets(), java.util.List.of("x1", "x2"), "y");
    }

    /** Random standard-normal inputs {@code [rows, cols]}. */
    static Tensor randomInputs(Rng rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Tensor.wrap(v, Shape.of(rows, cols));
    }

    /** Random class indices {@code [rows]}. */
    static Tensor randomLabels(Rng rng, int rows, int classes) {
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = rng.nextInt(classes);
        }
        return Tensor.wrap(v, Shape.of(rows));
    }

    /** The 2-2-1 sigmoid network of the lecture. */
    static Network xor(long seed) {
        return NetworkSpec.parse("2 sigmoid, 1 sigmoid").build(2, new Rng(seed));
    }

    /** Full-batch XOR training with mean squared error and plain SGD (η = 0.5). */
    static TrainingStep xorStep(Network net) {
        return TrainingSteps.create(net, Losses.mse(), new Sgd(net.parameters(), Sgd.Config.of(0.5)), Regularization.NONE, 1);
    }

    /** The four XOR inputs. */
    static Tensor xorInputs() {
        return Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    }

    /** The four XOR targets. */
    static Tensor xorTargets() {
        return Tensor.matrix(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});
    }

    /**
     * A matrix product of training, named as in the tables: {@code fwd1} is {@code X·W₁ᵀ},
     * {@code dW1} is {@code δ₁ᵀ·X}, {@code dX2} is {@code δ₂·W₂}.
     */
    public enum Product {
        /** Layer 1 forward {@code [B,784]·[256,784]ᵀ}. */
        FWD1(Trans.N, Trans.T, -1, 256, 784),
        /** Layer 2 forward. */
        FWD2(Trans.N, Trans.T, -1, 128, 256),
        /** Layer 3 forward (N = 10). */
        FWD3(Trans.N, Trans.T, -1, 10, 128),
        /** Layer 1 weight gradient {@code [B,256]ᵀ·[B,784]}. */
        DW1(Trans.T, Trans.N, 256, 784, -1),
        /** Layer 2 weight gradient. */
        DW2(Trans.T, Trans.N, 128, 256, -1),
        /** Layer 3 weight gradient (M = 10). */
        DW3(Trans.T, Trans.N, 10, 128, -1),
        /** Layer 2 input gradient {@code [B,128]·[128,256]}. */
        DX2(Trans.N, Trans.N, -1, 256, 128),
        /** Layer 3 input gradient (K = 10). */
        DX3(Trans.N, Trans.N, -1, 128, 10);

        final Trans transA;
        final Trans transB;
        private final int m;
        private final int n;
        private final int k;

        Product(Trans transA, Trans transB, int m, int n, int k) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
        }

        /** Rows of C at batch size {@code batch}. */
        int m(int batch) {
            return m < 0 ? batch : m;
        }

        /** Columns of C. */
        int n(int batch) {
            return n < 0 ? batch : n;
        }

        /** The reduction length. */
        int k(int batch) {
            return k < 0 ? batch : k;
        }
    }
}
