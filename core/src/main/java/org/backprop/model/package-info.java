/**
 * A trained model and where it comes from: {@link org.backprop.model.TrainedModel} (the network
 * with its feature scaler, feature and class names), its {@link org.backprop.model.Provenance}
 * (library and Java version, seed, settings, dataset fingerprint, engine), and
 * {@link org.backprop.model.Evaluation} of a model on a dataset. Model files read and write it:
 * {@link org.backprop.io.ModelFile}.
 */
package org.backprop.model;
