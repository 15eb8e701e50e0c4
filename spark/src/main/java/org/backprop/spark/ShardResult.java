package org.backprop.spark;

import java.io.Serializable;

/**
 * One partition's part of a training step, sent to the driver.
 *
 * @param partition   the partition
 * @param rows        how many of the batch's rows it held (0: no gradient)
 * @param loss        its share of the batch's mean loss
 * @param gradient    its share of ∂L/∂w, all parameters in order, flattened; {@code null} when {@code rows == 0}
 * @param nanos       the time it spent computing, in nanoseconds
 */
record ShardResult(int partition, int rows, double loss, float[] gradient, long nanos) implements Serializable {
    private static final long serialVersionUID = 1L;
}
