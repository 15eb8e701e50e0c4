package org.backprop.autograd;

/** How a loss combines its per-element terms into one number. */
public enum Reduction {
    /** The average over all terms: {@code (1/n) Σ ℓᵢ}. Gradients do not grow with the batch size. */
    MEAN,
    /** The plain sum {@code Σ ℓᵢ}, as in the lecture's single-example loss. */
    SUM
}
