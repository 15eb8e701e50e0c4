package org.backprop.loss;

import org.backprop.tensor.Tensor;

/**
 * A loss as one loop over float rows that computes its value and its gradient together: the form
 * the fused engine runs. A {@link Loss} that has one hands it out through {@link Loss#rowLoss()};
 * its value and gradient equal the loss's graph form within float rounding (the tests hold them to
 * it).
 *
 * <p><b>Threads</b>: a row loss keeps nothing between calls (it writes only {@code grad}); those of
 * {@link Losses} are stateless and may be shared by any number of threads.
 */
public interface RowLoss {

    /**
     * Checks the targets of a batch of {@code rows} outputs of width {@code cols}.
     *
     * @param target the targets as the loss expects them (such as {@code [rows, cols]} values, or
     *         {@code [rows]} class indices for softmax cross-entropy)
     * @param rows the rows of the batch
     * @param cols the outputs per row
     * @throws org.backprop.tensor.ShapeMismatchException naming both shapes
     */
    void checkTarget(Tensor target, int rows, int cols);

    /**
     * Writes {@code ∂L/∂input} for the {@code rows × cols} block {@code input} into {@code grad}
     * and returns the loss, rounded to float as a float32 loss is.
     *
     * <p>{@code batchRows} is the number of rows of the whole batch the block belongs to: a mean
     * loss divides by it (by {@code batchRows·cols} for an element-wise mean) instead of by
     * {@code rows}. For a whole batch {@code batchRows == rows}. For one shard of a batch split
     * between machines (data-parallel training) the value and gradient are the shard's share,
     * {@code L_shard = (1/batchRows) Σ_{r ∈ shard} ℓ_r}, and the shares of all shards sum to the
     * batch's loss and gradient. A summed loss ignores it.
     *
     * @param input the network's outputs (or logits), row-major {@code rows × cols}; not modified
     * @param target the targets of these rows, already checked with {@link #checkTarget}
     * @param rows the rows of the block
     * @param batchRows the rows of the batch, at least {@code rows}
     * @param cols the outputs per row
     * @param grad receives {@code ∂L/∂input}, {@code rows × cols}, overwritten
     * @return the block's loss (its share of the batch's, for a mean), rounded to float
     */
    double gradient(float[] input, Tensor target, int rows, int batchRows, int cols, float[] grad);
}
