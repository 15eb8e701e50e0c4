/**
 * Layers and networks: {@link org.backprop.nn.Module} (named parameters, train/eval mode, state
 * dicts), {@link org.backprop.nn.Dense}, {@link org.backprop.nn.Dropout},
 * {@link org.backprop.nn.Sequential}, activations ({@link org.backprop.nn.Activation}),
 * initialisers ({@link org.backprop.nn.Initializers}) and the one-line
 * {@link org.backprop.nn.NetworkSpec} that builds a {@link org.backprop.nn.Network}.
 */
package org.backprop.nn;
