/**
 * Backpropagation made visible: {@link org.backprop.explain.Explainer} runs a small, explicitly
 * given dense network ({@link org.backprop.explain.ExplainSpec}) through the real engine — the same
 * {@link org.backprop.nn.Network}, autograd graph, loss and {@link org.backprop.optim.Sgd} that
 * training uses — and records what the reverse sweep computes with a
 * {@link org.backprop.autograd.BackwardListener}. The result, an
 * {@link org.backprop.explain.Explanation}, holds every number of the worked example: each
 * {@code z = Σ w·x + b}, each activation, the loss, every {@code ∂L/∂w} written as its chain-rule
 * factors (checked to multiply to the recorded gradient), a central finite difference beside it,
 * and the update {@code w − η·∂L/∂w}.
 *
 * <p>{@link org.backprop.explain.TextRenderer}, {@link org.backprop.explain.MarkdownRenderer},
 * {@link org.backprop.explain.HtmlRenderer} (MathML, offline) and
 * {@link org.backprop.explain.JsonRenderer} turn an explanation into text.
 */
package org.backprop.explain;
