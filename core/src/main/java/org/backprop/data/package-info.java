/**
 * Data: the {@link org.backprop.data.Dataset} (features {@code [N, F]} float32 plus class indices or
 * regression values), seeded {@link org.backprop.data.Splits splits} (stratified for classification),
 * {@link org.backprop.data.MiniBatches mini-batches}, {@link org.backprop.data.FeatureScaler feature
 * scaling} fitted on the training split only, the MNIST {@link org.backprop.data.IdxReader IDX format},
 * tables of text cells turned into datasets ({@link org.backprop.data.TableConverter}), and the
 * {@link org.backprop.data.BuiltinDataset built-in datasets} for demos.
 *
 * <p>Everything random takes an explicit {@link org.backprop.random.Rng}: the same seed gives the same
 * split, the same batches, the same generated points.
 */
package org.backprop.data;
