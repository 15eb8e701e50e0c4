/**
 * ONNX in and out: {@link org.backprop.onnx.OnnxExporter} writes a trained model as an ONNX graph
 * that takes raw feature rows ({@code features [N, F]}: scaler, then {@code Gemm} layers
 * {@code z = x·Wᵀ + b} and their activations, then probabilities and labels or values), and
 * {@link org.backprop.onnx.OnnxImporter} reads dense ONNX networks (from PyTorch, Keras, or Backprop
 * itself) back into a {@link org.backprop.model.TrainedModel}. The ONNX messages are the protobuf
 * classes of the published {@code org.tribuo:tribuo-util-onnx} artifact; {@code core} does not
 * depend on this package.
 */
package org.backprop.onnx;
