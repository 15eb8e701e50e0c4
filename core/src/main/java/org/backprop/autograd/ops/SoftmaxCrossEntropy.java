package org.backprop.autograd.ops;

import org.backprop.autograd.Function;
import org.backprop.autograd.Reduction;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.ShapeMismatchException;
import org.backprop.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, fused: from logits {@code z [B, C]} and target distributions
 * {@code y [B, C]} (one-hot rows, or class indices turned into them),
 * {@code ℓ_b = −Σ_c y_bc · log softmax(z_b)_c}, averaged over the {@code B} rows (or summed).
 *
 * <p>Stable: uses log-softmax ({@code z − max − log Σ e^(z−max)}), never {@code log(p)}.
 *
 * <p>Backward: the softmax Jacobian and the {@code 1/p} of the logarithm cancel to the famous
 * {@code ∂ℓ/∂z = softmax(z) − y} (divided by {@code B} for the mean, when every row of
 * {@code y} sums to 1).
 */
public final class SoftmaxCrossEntropy extends Function {
    private final Tensor target;
    private final Reduction reduction;
    private Tensor gradient;

    /**
     * @param target    {@code [B, C]} target probabilities, or {@code [B]} class indices
     * @param reduction mean over rows or sum
     */
    public SoftmaxCrossEntropy(Tensor target, Reduction reduction) {
        this.target = target;
        this.reduction = reduction;
    }

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        Tensor z = inputs[0];
        if (z.shape().rank() != 2) {
            throw new ShapeMismatchException("softmax cross-entropy: logits must be [batch, classes], got " + z.shape());
        }
        int rows = z.shape().dim(0);
        int cols = z.shape().dim(1);
        double scale = reduction == Reduction.MEAN ? 1.0 / rows : 1.0;
        if (z.dtype() == DType.FLOAT32) {
            checkTarget(target, rows, cols);
            float[] grad = new float[rows * cols];
            double value = rows(z.floatData(), target, rows, rows, cols, reduction, grad);
            gradient = Tensor.wrap(grad, z.shape());
            return Tensor.full(z.dtype(), Shape.scalar(), value);
        }
        // float64: the reference, the same formula on the tensor's doubles
        Tensor y = targetDistribution(target, rows, cols, z);
        gradient = Tensor.zeros(z.dtype(), z.shape());
        double total = 0;
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double max = LogSoftmax.rowMax(z, o, cols);
            double logSum = max + Math.log(LogSoftmax.sumExp(z, o, cols, max));
            double ySum = 0;
            for (int c = 0; c < cols; c++) {
                ySum += y.get(o + c);
            }
            for (int c = 0; c < cols; c++) {
                double logP = z.get(o + c) - logSum;      // log-softmax, kept in double
                double yc = y.get(o + c);
                if (yc != 0) {
                    total -= yc * logP;
                }
                // general form ySum·p − y; it is p − y when the target row sums to 1
                gradient.set(o + c, scale * (ySum * Math.exp(logP) - yc));
            }
        }
        return Tensor.full(z.dtype(), Shape.scalar(), reduction == Reduction.MEAN ? total / rows : total);
    }

    /** {@code ∂L/∂z = g · scale·(ySum·p − y)}, the gradient worked out in the forward pass. */
    @Override
    protected Tensor[] backward(Tensor g) {
        double factor = g.item();
        return new Tensor[] {factor == 1 ? gradient : gradient.map(v -> v * factor)};
    }

    /**
     * The row kernel, value and gradient in one pass over float logits {@code z [rows, cols]}: for
     * each row {@code log p = z − log Σ e^z} (stable, in double), {@code ℓ −= Σ_c y_c log p_c}, and
     * {@code grad = scale·(Σ_c y_c · p − y)} with {@code p} rounded to float. Returns
     * {@code ℓ/batchRows} (mean) or {@code ℓ} (sum) rounded to float, as a float32 loss is;
     * {@code scale} is {@code 1/batchRows} or 1 to match. The graph op runs it on float32 logits
     * ({@code batchRows = rows}), the fused engine on its buffers ({@code batchRows} larger when the
     * rows are one shard of a batch: see {@link org.backprop.loss.RowLoss#gradient}).
     *
     * @param z         logits, row-major {@code rows × cols}; not modified
     * @param target    class indices {@code [rows]} or target rows {@code [rows, cols]} (see {@link #checkTarget})
     * @param rows      the rows of {@code z} (and of {@code target}) to process
     * @param batchRows the rows of the batch the mean divides by, at least {@code rows}
     * @param cols      the number of classes
     * @param reduction mean over the rows or sum
     * @param grad      receives {@code ∂ℓ/∂z}, {@code rows × cols}, already scaled for the reduction
     * @return the loss
     */
    public static double rows(float[] z, Tensor target, int rows, int batchRows, int cols, Reduction reduction,
                              float[] grad) {
        boolean mean = reduction == Reduction.MEAN;
        double scale = mean ? 1.0 / batchRows : 1.0;
        boolean indices = target.shape().rank() == 1;
        double total = 0;
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            double logSum = LogSoftmax.logSumExp(z, o, cols);
            int label = indices ? classIndex(target, r, cols) : -1;
            double ySum = indices ? 1 : 0;
            if (!indices) {
                for (int c = 0; c < cols; c++) {
                    ySum += target.get(o + c);
                }
            }
            for (int c = 0; c < cols; c++) {
                double logP = z[o + c] - logSum;
                float p = (float) Math.exp(logP);
                double y = indices ? (c == label ? 1 : 0) : target.get(o + c);
                if (y != 0) {
                    total -= y * logP;
                }
                grad[o + c] = (float) (scale * (ySum * p - y));
            }
        }
        return (float) (mean ? total / batchRows : total);
    }

    /**
     * Checks targets for {@code rows × cols} logits: class indices {@code [rows]} or rows {@code [rows, cols]}.
     *
     * @param target class indices {@code [rows]} or target rows {@code [rows, cols]}
     * @param rows   the rows of logits
     * @param cols   the classes per row
     * @throws ShapeMismatchException naming both shapes
     */
    public static void checkTarget(Tensor target, int rows, int cols) {
        if (target.shape().rank() == 1) {
            if (target.size() != rows) {
                throw new ShapeMismatchException("softmax cross-entropy: " + target.size() + " class indices for " + rows
                        + " rows of logits [" + rows + ", " + cols + "]");
            }
        } else if (target.shape().rank() != 2 || target.shape().dim(0) != rows || target.shape().dim(1) != cols) {
            throw new ShapeMismatchException("softmax cross-entropy: target " + target.shape() + " does not match logits ["
                    + rows + ", " + cols + "]");
        }
    }

    /**
     * The class index that row {@code row} of a {@code [B]} target names, checked: the one check
     * shared by this op and the fused training engine.
     *
     * @param target the {@code [B]} class-index target
     * @param row    the row to read, in {@code [0, B)}
     * @param cols   the number of classes {@code C}
     * @return the class index, in {@code [0, cols)}
     * @throws IllegalArgumentException if it is not a whole number in {@code [0, cols)}, naming the row and the value
     */
    public static int classIndex(Tensor target, int row, int cols) {
        double v = target.get(row);
        int k = (int) v;
        if (k != v || k < 0 || k >= cols) {
            throw new IllegalArgumentException("softmax cross-entropy: target of row " + row + " is " + v
                    + ", expected a class index in [0, " + cols + ")");
        }
        return k;
    }

    /**
     * Turns a target given as class indices {@code [B]} into one-hot rows {@code [B, C]}; checks a
     * {@code [B, C]} target's shape.
     *
     * @throws ShapeMismatchException if the shapes disagree
     * @throws IllegalArgumentException if a class index is not an integer in {@code [0, C)}, naming the row
     */
    static Tensor targetDistribution(Tensor target, int rows, int cols, Tensor logits) {
        if (target.shape().rank() == 1) {
            if (target.size() != rows) {
                throw new ShapeMismatchException("softmax cross-entropy: " + target.size()
                        + " class indices for " + rows + " rows of logits " + logits.shape());
            }
            Tensor y = Tensor.zeros(logits.dtype(), logits.shape());
            for (int r = 0; r < rows; r++) {
                y.set(r, classIndex(target, r, cols), 1);
            }
            return y;
        }
        if (!target.shape().equals(logits.shape())) {
            throw new ShapeMismatchException("softmax cross-entropy: target " + target.shape()
                    + " does not match logits " + logits.shape());
        }
        return target;
    }
}
