/**
 * The training-step engines behind the {@link org.backprop.engine.TrainingStep} seam: the reference
 * {@link org.backprop.engine.AutogradStep} (the autograd graph; any module, any loss) and the
 * fused engine for plain dense networks — the same mathematics as the autograd graph, written
 * as a fixed sequence of matrix products and fused elementwise loops over buffers allocated once.
 *
 * <ul>
 *   <li>{@link org.backprop.engine.FusedMlpStep}: a {@link org.backprop.engine.TrainingStep} that
 *       allocates nothing in steady state. Forward per layer: {@code Z = X·Wᵀ} (one product), then
 *       {@code Z += b; A = f(Z)} in one pass. The output layer and the loss are fused
 *       (softmax + cross-entropy gives {@code ∂L/∂Z = (P − Y)/B} directly). Backward per layer:
 *       {@code ∂L/∂W = δᵀ·X}, {@code ∂L/∂b = Σ_rows δ}, {@code ∂L/∂X = δ·W}, and the next
 *       {@code δ = ∂L/∂X ⊙ f'(Z)} in one pass. Gradients land in the parameters' own
 *       {@code grad()} tensors and the {@link org.backprop.optim.Optimizer} updates them as usual.
 *   <li>{@link org.backprop.engine.Predictor}: thread-safe inference with allocation-free
 *       single-row prediction.
 * </ul>
 *
 * <p>{@link org.backprop.engine.TrainingSteps#create} chooses this engine whenever it supports the
 * model, loss and optimiser; the tests hold it equal to {@link org.backprop.engine.AutogradStep}
 * within float rounding, and bit-identical across thread counts.
 */
package org.backprop.engine;
