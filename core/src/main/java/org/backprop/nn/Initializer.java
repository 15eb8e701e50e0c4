package org.backprop.nn;

import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * Fills a new weight tensor with starting values. Implementations are in {@link Initializers}.
 * Randomness comes only from the {@link Rng} passed in, so a seed fixes the result.
 *
 * <p><b>Threads</b>: the initialisers of {@link Initializers} hold no state and may be shared; the
 * {@link Rng} passed in is not thread-safe and belongs to the calling thread.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code weight} in place.
     *
     * @param weight the tensor to fill, usually {@code [fanOut, fanIn]}; overwritten element by element
     * @param fanIn  inputs per neuron (the number of columns of a {@code [out, in]} weight)
     * @param fanOut neurons in the layer
     * @param rng the only source of randomness; advanced by the draws made
     */
    void initialize(Tensor weight, int fanIn, int fanOut, Rng rng);
}
