package org.backprop.nn;

import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * Fills a new weight tensor with starting values. Implementations are in {@link Initializers}.
 * Randomness comes only from the {@link Rng} passed in, so a seed fixes the result.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code weight} in place.
     *
     * @param fanIn  inputs per neuron (the number of columns of a {@code [out, in]} weight)
     * @param fanOut neurons in the layer
     */
    void initialize(Tensor weight, int fanIn, int fanOut, Rng rng);
}
