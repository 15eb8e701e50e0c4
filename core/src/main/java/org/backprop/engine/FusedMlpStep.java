package org.backprop.engine;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.RowKernel;
import org.backprop.loss.Loss;
import org.backprop.loss.RowLoss;
import org.backprop.nn.Activation;
import org.backprop.nn.Dense;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.optim.GradientPipeline;
import org.backprop.optim.Optimizer;
import org.backprop.optim.Regularization;
import org.backprop.tensor.DType;
import org.backprop.tensor.Reductions;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Kernels;
import org.backprop.tensor.kernel.ParallelGemm;
import org.backprop.tensor.kernel.Trans;

/**
 * The fused training step for a {@link Network} made only of {@link Dense} layers: the forward
 * and backward passes of backpropagation as fixed loops over preallocated buffers, with no graph
 * and no allocation once the buffers exist.
 *
 * <p>For layer {@code l} with input {@code X} ({@code [B, in]}), weights {@code W}
 * ({@code [out, in]}) and bias {@code b}:
 * <pre>
 * forward   Z = X·Wᵀ             (one matrix product, sgemm N,T)
 *           Z += b; A = f(Z)      (one fused pass)
 * loss      δ_L = ∂L/∂Z_L         (fused with the output activation: (P − Y)/B for softmax + cross-entropy)
 * backward  ∂L/∂W = δᵀ·X          (sgemm T,N, written straight into the weight's grad tensor)
 *           ∂L/∂b = Σ_rows δ
 *           δ_{l−1} = (δ·W) ⊙ f'(Z_{l−1})   (sgemm N,N, then one fused pass)
 * gradients penalties, clipping, hooks (the {@link GradientPipeline}, on the parameters' grad tensors)
 * update    optimizer.step()      (the usual optimiser, reading the parameters' grad tensors)
 * </pre>
 *
 * <p>Results equal {@link org.backprop.engine.AutogradStep}'s within float rounding, and are
 * bit-identical whatever the thread count: the products split their output between threads,
 * never a sum. A batch larger than any before grows the buffers once; smaller ones use a prefix.
 *
 * <p>Supported: a {@link Network} of dense float32 layers (the check is {@link DenseNetworks}'s,
 * shared with the {@link Predictor}; dropout is refused, not dropped), any activation (each hands
 * over its row kernel: {@link Activation#kernel()}), a loss that declares a fused form
 * ({@link Loss#rowLoss()}, or {@link Loss#onPreActivation} — cross-entropy after a softmax becomes
 * softmax cross-entropy on the logits, {@code ∂L/∂Z = (P − Y)/B}), any optimiser over the
 * network's parameters, L1/L2 regularisation, gradient clipping and {@link org.backprop.optim.GradientHook}s
 * (the same {@link GradientPipeline} as the graph's engine: the gradients are the parameters' own
 * grad tensors, so penalties, clipping and hooks see and change exactly what the optimiser reads).
 * {@link #unsupportedReason} says why a model is not supported; the trainer then uses the autograd graph.
 *
 * <p>Not thread-safe: one step object trains one model from one thread (it may use more threads
 * inside a step); {@link #close()} stops them.
 */
public final class FusedMlpStep implements TrainingStep, AutoCloseable {
    private final Dense[] layers;
    private final RowKernel[] activations;
    private final RowLoss loss;
    private final boolean onLogits;
    private final Optimizer optimizer;
    private final GradientPipeline gradients;
    private final List<Variable> parameters;
    private final ParallelGemm gemm;
    private final Tensor[] weightGrads;
    private final Tensor[] biasGrads;
    private final double[] biasSums;
    private final int inputs;
    private final int outputs;
    private int capacity;
    private float[][] z;
    private float[][] a;
    private float[][] delta;
    private float[] staged;

    /**
     * A fused step for {@code network} using up to {@code threads} threads.
     *
     * @param network        the dense network to train
     * @param loss           the loss (one with a fused form)
     * @param optimizer      the optimiser over the network's parameters
     * @param regularization the weight penalties
     * @param threads        the most threads a step may use
     * @throws IllegalArgumentException if the combination is not supported (see {@link #unsupportedReason})
     *                                  or {@code threads < 1}
     */
    public FusedMlpStep(Network network, Loss loss, Optimizer optimizer, Regularization regularization, int threads) {
        this(network, loss, optimizer, GradientPipeline.of(regularization), threads);
    }

    /**
     * A fused step for {@code network} using up to {@code threads} threads, with weight penalties,
     * clipping and hooks between the backward pass and the update.
     *
     * @param network   the dense network to train
     * @param loss      the loss (one with a fused form)
     * @param optimizer the optimiser over the network's parameters
     * @param gradients what to do to the gradients before each update
     * @param threads   the most threads a step may use
     * @throws IllegalArgumentException if the combination is not supported (see {@link #unsupportedReason})
     *                                  or {@code threads < 1}
     */
    public FusedMlpStep(Network network, Loss loss, Optimizer optimizer, GradientPipeline gradients, int threads) {
        Optional<String> reason = unsupportedReason(network, loss, optimizer);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("fused engine: " + reason.get());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        List<Dense> dense = DenseNetworks.layers(network, DenseNetworks.Use.TRAINING, "fused engine");
        this.layers = dense.toArray(new Dense[0]);
        this.activations = new RowKernel[layers.length];
        this.weightGrads = new Tensor[layers.length];
        this.biasGrads = new Tensor[layers.length];
        int widest = 1;
        for (int l = 0; l < layers.length; l++) {
            activations[l] = layers[l].activation().kernel();
            weightGrads[l] = Tensor.zeros(DType.FLOAT32, layers[l].weight().shape());
            if (layers[l].bias() != null) {
                biasGrads[l] = Tensor.zeros(DType.FLOAT32, layers[l].bias().shape());
            }
            widest = Math.max(widest, layers[l].config().outFeatures());
        }
        Optional<RowLoss> onPreActivation = onPreActivation(loss, layers[layers.length - 1].activation());
        this.onLogits = onPreActivation.isPresent();
        this.loss = onPreActivation.or(loss::rowLoss).orElseThrow();
        this.optimizer = optimizer;
        this.gradients = gradients;
        this.parameters = optimizer.parameters();
        this.biasSums = new double[widest];
        this.inputs = network.inputs();
        this.outputs = network.outputs();
        this.gemm = Kernels.gemm(threads);
    }

    /**
     * Why the fused engine cannot train this combination, or empty when it can: the network must
     * be plain dense ({@link DenseNetworks}), and the loss must declare a fused form, on the output
     * layer's pre-activation ({@link Loss#onPreActivation}) or on its output ({@link Loss#rowLoss}).
     *
     * @param model     the model to train
     * @param loss      the loss
     * @param optimizer the optimiser
     * @return the reason, or empty when the fused engine can train it
     */
    public static Optional<String> unsupportedReason(Module model, Loss loss, Optimizer optimizer) {
        Optional<String> notDense = DenseNetworks.whyNot(model, DenseNetworks.Use.TRAINING);
        if (notDense.isPresent()) {
            return notDense;
        }
        List<Dense> dense = DenseNetworks.layers(model, DenseNetworks.Use.TRAINING, "fused engine");
        if (dense.isEmpty()) {
            return Optional.of("network has no dense layer");
        }
        Activation output = dense.get(dense.size() - 1).activation();
        if (onPreActivation(loss, output).isEmpty() && loss.rowLoss().isEmpty()) {
            return Optional.of("loss " + loss.name() + " with output activation " + output + " has no fused form");
        }
        Set<Variable> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(model.parameters());
        for (Variable p : optimizer.parameters()) {
            if (!own.contains(p)) {
                return Optional.of("the optimiser updates a parameter that is not the network's");
            }
        }
        return Optional.empty();
    }

    /** The fused loss on the output layer's pre-activation that {@code loss} declares after {@code output}, if any. */
    private static Optional<RowLoss> onPreActivation(Loss loss, Activation output) {
        return loss.onPreActivation(output).flatMap(Loss::rowLoss);
    }

    @Override
    public double step(Tensor inputBatch, Tensor targets) {
        int rows = checkInputs(inputBatch);
        loss.checkTarget(targets, rows, outputs);
        ensureCapacity(rows);
        float[] x = input(inputBatch, rows);
        int last = layers.length - 1;

        float[] in = x;
        for (int l = 0; l <= last; l++) {
            Dense layer = layers[l];
            int fanIn = layer.config().inFeatures();
            int fanOut = layer.config().outFeatures();
            float[] w = layer.weight().value().floatData();
            float[] b = layer.bias() == null ? null : layer.bias().value().floatData();
            gemm.sgemm(Trans.N, Trans.T, rows, fanOut, fanIn, in, w, 0f, z[l]);
            if (b != null) {
                DenseNetworks.addBias(z[l], b, rows, fanOut);
            }
            if (l < last || !onLogits) {
                activations[l].forward(z[l], a[l], rows, fanOut);
            }
            in = a[l];
        }

        double value;
        if (onLogits) {
            value = loss.gradient(z[last], targets, rows, outputs, delta[last]);
        } else {
            value = loss.gradient(a[last], targets, rows, outputs, delta[last]);
            activations[last].backward(z[last], a[last], delta[last], rows, outputs);
        }

        for (int l = last; l >= 0; l--) {
            Dense layer = layers[l];
            int fanIn = layer.config().inFeatures();
            int fanOut = layer.config().outFeatures();
            float[] layerInput = l == 0 ? x : a[l - 1];
            float[] d = delta[l];
            gemm.sgemm(Trans.T, Trans.N, fanOut, fanIn, rows, d, layerInput, 0f, bind(layer.weight(), weightGrads[l]));
            if (layer.bias() != null) {
                columnSums(d, rows, fanOut, bind(layer.bias(), biasGrads[l]));
            }
            if (l > 0) {
                gemm.sgemm(Trans.N, Trans.N, rows, fanIn, fanOut, d, layer.weight().value().floatData(), 0f, delta[l - 1]);
                activations[l - 1].backward(z[l - 1], a[l - 1], delta[l - 1], rows, fanIn);
            }
        }
        gradients.apply(parameters, optimizer.stepCount() + 1);
        optimizer.step();
        return value;
    }

    /** Makes {@code grad} the parameter's gradient tensor (once; later steps find it in place) and returns its array. */
    private static float[] bind(Variable parameter, Tensor grad) {
        if (parameter.grad() != grad) {
            parameter.setGrad(grad);
        }
        return grad.floatData();
    }

    /** {@code out[j] = Σ_r d[r][j]}: {@link Reductions#columnSums}, as the graph's broadcast-sum does, then rounded to float. */
    private void columnSums(float[] d, int rows, int cols, float[] out) {
        Reductions.columnSums(d, rows, cols, biasSums);
        for (int j = 0; j < cols; j++) {
            out[j] = (float) biasSums[j];
        }
    }

    private int checkInputs(Tensor batch) {
        Shape s = batch.shape();
        if (s.rank() != 2 || s.dim(1) != inputs) {
            throw new ShapeMismatchException("fused step: expected inputs [batch, " + inputs + "], got " + s);
        }
        if (s.dim(0) < 1) {
            throw new ShapeMismatchException("fused step: empty batch " + s);
        }
        return s.dim(0);
    }

    /** The batch as a float array: its own storage when float32, else a copy in a reused buffer. */
    private float[] input(Tensor batch, int rows) {
        if (batch.dtype() == DType.FLOAT32) {
            return batch.floatData();
        }
        int size = rows * inputs;
        if (staged == null || staged.length < size) {
            staged = new float[size];
        }
        for (int i = 0; i < size; i++) {
            staged[i] = (float) batch.get(i);
        }
        return staged;
    }

    /** Grows the activation buffers to hold {@code rows} examples; does nothing when they already do. */
    private void ensureCapacity(int rows) {
        if (rows <= capacity) {
            return;
        }
        int n = layers.length;
        z = new float[n][];
        a = new float[n][];
        delta = new float[n][];
        for (int l = 0; l < n; l++) {
            int size = rows * layers[l].config().outFeatures();
            z[l] = new float[size];
            a[l] = activations[l].isIdentity() ? z[l] : new float[size];
            delta[l] = new float[size];
        }
        capacity = rows;
    }

    /**
     * The number of threads large products are spread over.
     *
     * @return the thread count, at least 1
     */
    public int threads() {
        return gemm.threads();
    }

    @Override
    public String name() {
        return "fused-mlp";
    }

    /** Stops the worker threads of the matrix kernel. */
    @Override
    public void close() {
        gemm.close();
    }
}
