/**
 * Training: the {@link org.backprop.train.TrainingStep} seam with its reference
 * {@link org.backprop.train.AutogradStep}, and the trainer, listeners, history and metrics built on it.
 */
package org.backprop.train;
