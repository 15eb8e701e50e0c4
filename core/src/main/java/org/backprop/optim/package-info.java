/**
 * Optimisers that own their state ({@link org.backprop.optim.Sgd} with momentum and Nesterov,
 * {@link org.backprop.optim.AdaGrad}, {@link org.backprop.optim.RmsProp},
 * {@link org.backprop.optim.Adam}, {@link org.backprop.optim.AdamW}), each with a validated
 * {@code Config} record; learning-rate schedules; gradient clipping; L1/L2 regularisation.
 */
package org.backprop.optim;
