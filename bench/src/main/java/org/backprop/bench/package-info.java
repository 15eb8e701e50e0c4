/**
 * Benchmarks: JMH micro-benchmarks of the matrix kernels ({@link org.backprop.bench.GemmBenchmark},
 * GFLOP/s per shape), of the training step ({@link org.backprop.bench.TrainingStepBenchmark}, with
 * {@code -prof gc} for bytes per step) and of inference ({@link org.backprop.bench.PredictorBenchmark});
 * and {@link org.backprop.bench.Harness}, the end-to-end measurements that {@code bench/compare}
 * sets side by side with PyTorch's. {@link org.backprop.bench.Workloads} defines the shared work so
 * both measure the same thing.
 */
package org.backprop.bench;
