/**
 * Reverse-mode automatic differentiation, micrograd style: a
 * {@link org.backprop.autograd.Variable} records the {@link org.backprop.autograd.Function} that
 * made it; {@link org.backprop.autograd.Variable#backward()} sorts the graph topologically and
 * sweeps it once in reverse, applying each function's backward rule (the chain rule). The
 * operations themselves live in {@link org.backprop.autograd.ops}; {@link org.backprop.autograd.GradientCheck}
 * verifies them against finite differences.
 */
package org.backprop.autograd;
