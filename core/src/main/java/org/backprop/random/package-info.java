/**
 * Seeded randomness: {@link org.backprop.random.Rng}, passed explicitly to everything random
 * (initialisers, shuffling, dropout), so that a seed fixes a run bit for bit.
 */
package org.backprop.random;
