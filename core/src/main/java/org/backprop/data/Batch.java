package org.backprop.data;

import org.backprop.tensor.Tensor;

/**
 * One mini-batch.
 *
 * @param inputs  {@code [B, F]} features
 * @param targets class indices {@code [B]} or values {@code [B, k]}, as {@link Dataset#targets()}
 */
public record Batch(Tensor inputs, Tensor targets) {

    /** The number of rows {@code B}. */
    public int size() {
        return inputs.shape().dim(0);
    }
}
