/**
 * Losses: the {@link org.backprop.loss.Loss} interface and the factories in
 * {@link org.backprop.loss.Losses} (MSE and its lecture form, MAE, Huber, binary and softmax
 * cross-entropy). Each builds graph nodes, so its gradient comes from the same backward sweep.
 */
package org.backprop.loss;
