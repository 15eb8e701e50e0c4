/**
 * The training loop: {@link org.backprop.loop.Trainer} runs epochs of mini-batches through an
 * {@link org.backprop.engine.TrainingStep}, measures the validation loss after each, stops early
 * or on a NaN loss, and records a {@link org.backprop.loop.History} of
 * {@link org.backprop.loop.EpochRecord}s; {@link org.backprop.loop.TrainingListener}s (such as
 * {@link org.backprop.loop.ProgressPrinter}) hear every batch and epoch.
 *
 * <p>For a whole run from a dataset (split, scale, build, train, evaluate) use
 * {@link org.backprop.train.Training}, which drives this loop.
 */
package org.backprop.loop;
