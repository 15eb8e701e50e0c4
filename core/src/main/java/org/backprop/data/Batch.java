package org.backprop.data;

import org.backprop.tensor.Tensor;

/**
 * One mini-batch: {@code B} rows of a {@link Dataset}, copied out of it in the order
 * {@link MiniBatches} chose. A batch belongs to the thread iterating the batches; one from
 * {@link MiniBatches#reusing} is overwritten by the next batch of the same size.
 *
 * @param inputs  {@code [B, F]} float32 features, rows × features; a tensor of its own, not a view
 *                of the dataset
 * @param targets class indices {@code [B]} or values {@code [B, k]}, as {@link Dataset#targets()},
 *                in the same row order as {@code inputs}
 */
public record Batch(Tensor inputs, Tensor targets) {

    /**
     * The number of rows {@code B}.
     *
     * @return the first dimension of {@code inputs}, at least 1
     */
    public int size() {
        return inputs.shape().dim(0);
    }
}
