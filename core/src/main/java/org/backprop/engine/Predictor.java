package org.backprop.engine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
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
import org.backprop.tensor.kernel.ParallelGemm;
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
 *
 * <p><b>Batches</b> ({@link #predict(float[], int, float[])}, {@link #predict(Tensor)}) are cut
 * into bands of at most {@value #BAND_ROWS} rows that {@link #threads()} threads share (the
 * {@link ParallelGemm} crew that splits the training step's products, here running
 * {@link ParallelGemm#forEachBand bands of rows}): a thread takes a band through every layer —
 * {@code Z = X·Wᵀ} for the band's rows (with {@code Wᵀ} laid out in the kernel's panels once,
 * {@link Gemm#packB}, not again for every band), then {@code A = f(Z + b)} while the band is still
 * in its cache — in scratch buffers of its own, made on the first batch and reused. Each output element
 * is the matrix kernel's one fused multiply-add chain whatever band or thread computes it, and
 * bias and activation work row by row, so a batch gives the bits of one row at a time, for any
 * thread count. Batches from several threads at once take turns on the crew; the batch call that
 * writes into the caller's array allocates nothing after the first.
 */
public final class Predictor {
    /** The most rows of a band of a batch: the band's activations stay in the core's cache. */
    static final int BAND_ROWS = 128;
    private final int[] widths;
    /** Each layer's {@code Wᵀ}, {@code [in, out]} row-major. */
    private final float[][] weights;
    private final float[][] biases;
    private final RowKernel[] activations;
    private final Gemm gemm = Kernels.gemm();
    private final ThreadLocal<float[][]> scratch;
    /** Threads a batch is spread over. */
    private final int threads;
    /** One batch at a time on the crew and its scratch. */
    private final ReentrantLock batchLock = new ReentrantLock();
    /** The crew and its scratch, made by the first batch (under {@link #batchLock}). */
    private Batches batches;

    private Predictor(Predictor other, int threads) {
        this.widths = other.widths;
        this.weights = other.weights;
        this.biases = other.biases;
        this.activations = other.activations;
        this.scratch = newScratch(widths);
        this.threads = threads;
    }

    private Predictor(int inputs, List<Dense> layers, int threads) {
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
        this.scratch = newScratch(widths);
        this.threads = checkThreads(threads);
    }

    /** Each thread's rows for one example's activations. */
    private static ThreadLocal<float[][]> newScratch(int[] widths) {
        return ThreadLocal.withInitial(() -> {
            float[][] rows = new float[widths.length - 1][];
            for (int l = 0; l < rows.length; l++) {
                rows[l] = new float[widths[l + 1]];
            }
            return rows;
        });
    }

    private static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Predictor: threads must be at least 1, got " + threads);
        }
        return threads;
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
        return of(network, defaultThreads());
    }

    /**
     * A predictor for the network's current weights whose batches use up to {@code threads}
     * threads (the results do not depend on it).
     *
     * @throws IllegalArgumentException if the network holds layers other than dense and dropout,
     *                                  or {@code threads < 1}
     * @param network a network of dense (and dropout) layers
     * @param threads the most threads a batch is spread over
     * @return the predictor, holding a copy of the weights
     */
    public static Predictor of(Network network, int threads) {
        return new Predictor(network.inputs(), DenseNetworks.layers(network, DenseNetworks.Use.INFERENCE, "Predictor"),
                threads);
    }

    /**
     * The thread count of {@link #of(Network)}: the available processors, at most 8.
     *
     * @return the default number of threads for a batch
     */
    public static int defaultThreads() {
        return Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A predictor with the same weights (shared, not copied) whose batches use {@code threads}
     * threads.
     *
     * @param threads the most threads a batch is spread over
     * @return the new predictor
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Predictor withThreads(int threads) {
        return new Predictor(this, checkThreads(threads));
    }

    /**
     * The most threads a batch is spread over.
     *
     * @return the thread count, at least 1
     */
    public int threads() {
        return threads;
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
     * The outputs {@code [B, outputs]} for a batch {@code [B, inputs]}, as float32 (see
     * {@link #predict(float[], int, float[])}).
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
        float[] out = new float[rows * outputs()];
        predict(batch.to(DType.FLOAT32).floatData(), rows, out);
        return Tensor.wrap(out, Shape.of(rows, outputs()));
    }

    /**
     * Writes the outputs of {@code rows} examples into {@code output}: row {@code r} of the batch is
     * {@code inputs[r·inputs() … (r+1)·inputs()-1]}, its outputs go to
     * {@code output[r·outputs() … ]}. The rows are spread over up to {@link #threads()} threads, in
     * bands (see the class comment); each row's outputs are the bits {@link #predict(float[], float[])}
     * gives for it. Allocates nothing after the first batch as large.
     *
     * @throws IllegalArgumentException if {@code rows} is negative or an array is too short
     * @param inputs {@code rows × inputs()} values, row-major, already scaled
     * @param rows   the number of examples
     * @param output receives {@code rows × outputs()} values
     */
    public void predict(float[] inputs, int rows, float[] output) {
        if (rows < 0 || inputs.length < (long) rows * inputs() || output.length < (long) rows * outputs()) {
            throw new IllegalArgumentException("Predictor: " + rows + " rows need " + (long) rows * inputs()
                    + " input values and room for " + (long) rows * outputs() + " outputs, got arrays of "
                    + inputs.length + " and " + output.length);
        }
        batchLock.lock();
        try {
            if (batches == null) {
                batches = new Batches();
            }
            batches.run(inputs, rows, output);
        } finally {
            batchLock.unlock();
        }
    }

    /**
     * The crew a batch is spread over, with each of its threads' band scratch: the band's inputs
     * and each layer's outputs, {@value #BAND_ROWS} rows each. Used under {@link #batchLock}. A
     * small batch (under {@link ParallelGemm#PARALLEL_MIN_WORK} multiply-adds) runs on the calling
     * thread, so a predictor used only for those (a metric pass on a small data set) starts no thread.
     */
    private final class Batches implements ParallelGemm.RowBands {
        /** The crew, made by the first batch worth spreading (none for one thread or small batches only). */
        private ParallelGemm crew;
        /** {@code [thread][layer]}: layer 0 holds the band's inputs, layer {@code l+1} layer l's outputs. */
        private final float[][][] bands = new float[threads][][];
        /** Each layer's {@code Wᵀ} in the kernel's panels ({@link Gemm#packB}), packed once, not per band. */
        private final float[][] packed = new float[weights.length][];
        /** The work per row, to keep small batches on the calling thread. */
        private final long workPerRow;
        private float[] x;
        private float[] out;

        Batches() {
            long work = 0;
            for (int l = 0; l < weights.length; l++) {
                work += (long) widths[l] * widths[l + 1];
                packed[l] = gemm.packB(widths[l], widths[l + 1], weights[l]);
            }
            this.workPerRow = work;
        }

        void run(float[] inputs, int rows, float[] output) {
            x = inputs;
            out = output;
            try {
                if (threads == 1 || rows * workPerRow < ParallelGemm.PARALLEL_MIN_WORK) {
                    // one thread, or a batch too small to be worth handing out: the calling thread alone
                    for (int r = 0; r < rows; r += BAND_ROWS) {
                        run(gemm, 0, r, Math.min(rows, r + BAND_ROWS));
                    }
                } else {
                    if (crew == null) {
                        crew = Kernels.gemm(threads);
                    }
                    crew.forEachBand(rows, BAND_ROWS, this);
                }
            } finally {
                x = null;
                out = null;
            }
        }

        @Override
        public void run(Gemm kernel, int part, int rowStart, int rowEnd) {
            float[][] band = bands[part];
            if (band == null) {
                band = new float[widths.length][];
                for (int l = 0; l < widths.length; l++) {
                    band[l] = new float[BAND_ROWS * widths[l]];
                }
                bands[part] = band;
            }
            int rows = rowEnd - rowStart;
            float[] in = band[0];
            System.arraycopy(x, rowStart * widths[0], in, 0, rows * widths[0]);
            for (int l = 0; l < weights.length; l++) {
                float[] z = band[l + 1];
                kernel.sgemmPacked(rows, widths[l + 1], widths[l], in, weights[l], packed[l], z);
                layer(l, z, rows);
                in = z;
            }
            System.arraycopy(in, 0, out, rowStart * outputs(), rows * outputs());
        }
    }
}
