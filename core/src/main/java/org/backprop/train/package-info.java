/**
 * The entry point for a whole training run, as {@code backprop train} does it:
 * {@link org.backprop.train.Training#run} splits the data, fits the scaler, builds the network,
 * trains it with the {@link org.backprop.loop.Trainer} and measures every split, returning a
 * {@link org.backprop.train.TrainingResult}; {@link org.backprop.train.TrainingSettings} holds the
 * choices and {@link org.backprop.train.TrainingDefaults} the defaults.
 *
 * <p>Beneath it: {@link org.backprop.loop} (the epoch loop), {@link org.backprop.engine} (the
 * training steps: the autograd reference and the fused dense engine) and
 * {@link org.backprop.model} (the trained model and its provenance). With a
 * {@link org.backprop.loop.Checkpoints.Policy} the run saves checkpoints and resumes from them to
 * exactly the weights of an uninterrupted run.
 */
package org.backprop.train;
