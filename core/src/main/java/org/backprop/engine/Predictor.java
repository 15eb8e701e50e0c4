package org.backprop.engine;

import java.util.List;
import java.util.Optional;
import org.backprop.autograd.ops.RowKernel;
import org.backprop.nn.Dense;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;
import org.backprop.tensor.kernel.Gemm;
import org.backprop.tensor.kernel.Kernels;
import org.backprop.tensor.kernel.Trans;

/**
 * Inference for a dense {@link Network}: {@code a₀ = x}, {@code aₗ = f(aₗ₋₁·Wₗᵀ + bₗ)}, as in
 * evaluation mode (dropout passes values through).
 *
 * <p>A predictor holds a copy of the weights taken when it is made ({@link #of}), transposed to
 * {@code [in, out]} so that one example's product {@code x·Wᵀ} reads them along its rows (the
 * kernel then vectorises across outputs, as the fixed summation order requires), so later
 * training does not change it; make a new one to pick up new weights. It is thread-safe: any
 * number of threads may predict at once. Each thread gets its own scratch rows on its first call,
 * after which {@link #predict(float[], float[])} allocates nothing.
 */
public final class Predictor {
    private final int[] widths;
    /** Each layer's {@code Wᵀ}, {@code [in, out]} row-major. */
    private final float[][] weights;
    private final float[][] biases;
    private final RowKernel[] activations;
    private final Gemm gemm = Kernels.gemm();
    private final ThreadLocal<float[][]> scratch;

    private Predictor(int inputs, List<Dense> layers) {
        int n = layers.size();
        this.widths = new int[n + 1];
        this.weights = new float[n][];
        this.biases = new float[n][];
        this.activations = new RowKernel[n];
        widths[0] = inputs;
        for (int l = 0; l < n; l++) {
            Dense d = layers.get(l);
            widths[l + 1] = d.config().outFeatures();
            weights[l] = transpose(d.weight().value().to(DType.FLOAT32).toFloatArray(), widths[l + 1], widths[l]);
            biases[l] = d.bias() == null ? null : d.bias().value().to(DType.FLOAT32).toFloatArray();
            activations[l] = d.activation().kernel();
        }
        this.scratch = ThreadLocal.withInitial(() -> {
            float[][] rows = new float[n][];
            for (int l = 0; l < n; l++) {
                rows[l] = new float[widths[l + 1]];
            }
            return rows;
        });
    }

    /** The {@code cols × rows} transpose of a row-major {@code rows × cols} matrix. */
    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    /**
     * A predictor for the network's current weights.
     *
     * @throws IllegalArgumentException if the network holds layers other than dense and dropout
     * @param network a network of dense (and dropout) layers
     * @return the predictor, holding a copy of the weights
     */
    public static Predictor of(Network network) {
        return new Predictor(network.inputs(), DenseNetworks.layers(network, DenseNetworks.Use.INFERENCE, "Predictor"));
    }

    /**
     * A predictor for {@code model}'s current weights when it is a plain dense {@link Network}
     * (dense layers, dropout skipped), or empty when it is not, for a caller that can fall back on
     * the graph.
     *
     * @param model the model
     * @return its predictor, or empty
     */
    public static Optional<Predictor> ofPlainDense(Module model) {
        return model instanceof Network network && DenseNetworks.whyNot(network, DenseNetworks.Use.INFERENCE).isEmpty()
                ? Optional.of(of(network)) : Optional.empty();
    }

    /**
     * The number of input features.
     *
     * @return the input width
     */
    public int inputs() {
        return widths[0];
    }

    /**
     * The number of outputs.
     *
     * @return the output width
     */
    public int outputs() {
        return widths[widths.length - 1];
    }

    /**
     * Writes the network's outputs for one example into {@code output}. Allocates nothing after the
     * calling thread's first prediction.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     * @param input  one row of {@link #inputs()} values, already scaled as the network was trained
     * @param output receives the {@link #outputs()} values of the output layer
     */
    public void predict(float[] input, float[] output) {
        if (input.length != inputs()) {
            throw new IllegalArgumentException("Predictor: expected " + inputs() + " input features, got " + input.length);
        }
        if (output.length != outputs()) {
            throw new IllegalArgumentException("Predictor: expected an output array of length " + outputs()
                    + ", got " + output.length);
        }
        float[][] rows = scratch.get();
        float[] x = input;
        int last = weights.length - 1;
        for (int l = 0; l <= last; l++) {
            float[] out = l == last ? output : rows[l];
            gemm.sgemm(Trans.N, Trans.N, 1, widths[l + 1], widths[l], x, weights[l], 0f, out);
            layer(l, out, 1);
            x = out;
        }
    }

    /** {@code out = f(out + b)} for layer {@code l}, in place over {@code rows} rows. */
    private void layer(int l, float[] out, int rows) {
        if (biases[l] != null) {
            DenseNetworks.addBias(out, biases[l], rows, widths[l + 1]);
        }
        activations[l].forward(out, out, rows, widths[l + 1]);
    }

    /**
     * The outputs for one example, in a new array.
     *
     * @param input one row of {@link #inputs()} values, already scaled
     * @return the {@link #outputs()} values of the output layer
     */
    public float[] predict(float[] input) {
        float[] out = new float[outputs()];
        predict(input, out);
        return out;
    }

    /**
     * The outputs {@code [B, outputs]} for a batch {@code [B, inputs]}, as float32.
     *
     * @throws ShapeMismatchException if the batch has the wrong shape
     * @param batch {@code [N, inputs]}, already scaled
     * @return {@code [N, outputs]}
     */
    public Tensor predict(Tensor batch) {
        Shape s = batch.shape();
        if (s.rank() != 2 || s.dim(1) != inputs()) {
            throw new ShapeMismatchException("Predictor: expected a batch [B, " + inputs() + "], got " + s);
        }
        int rows = s.dim(0);
        float[] x = batch.to(DType.FLOAT32).floatData();
        for (int l = 0; l < weights.length; l++) {
            float[] out = new float[rows * widths[l + 1]];
            gemm.sgemm(Trans.N, Trans.N, rows, widths[l + 1], widths[l], x, weights[l], 0f, out);
            layer(l, out, rows);
            x = out;
        }
        return Tensor.wrap(x, Shape.of(rows, outputs()));
    }
}
