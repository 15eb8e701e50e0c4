/**
 * Training: the {@link org.backprop.train.TrainingStep} seam with its reference
 * {@link org.backprop.train.AutogradStep}, and the trainer, listeners, history and metrics built on it.
 * {@link org.backprop.train.Checkpoints} saves a run's whole state ({@link org.backprop.train.TrainingProgress},
 * weights, optimiser state, generators) so that a killed run resumes to exactly the same weights.
 */
package org.backprop.train;
