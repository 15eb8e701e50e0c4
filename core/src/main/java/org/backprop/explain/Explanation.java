package org.backprop.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code explain} shows, as recorded from the real engine by {@link Explainer}: the
 * first step in full detail and the loss over all steps.
 *
 * <p>Notation (used by every renderer): layers count from 1 in superscripts ({@code w¹₂₁} is the
 * weight into neuron 2 of layer 1 from input 1, {@code b²₁} the bias of output neuron 1),
 * {@code xᵢ} are the inputs, {@code aᵏⱼ = f(zᵏⱼ)} the activations, {@code ŷ} the outputs,
 * {@code δᵏⱼ = ∂L/∂zᵏⱼ}.
 *
 * @param spec      the network and example explained
 * @param step      the first step, number by number
 * @param losses    the loss before each update, {@code losses[0] = step.loss()}
 * @param trace     every parameter before each update and after the last one ({@code steps + 1} rows), each
 *                  row in {@link Step#gradients()} order: layer by layer, weights row by row, then biases
 * @param finalLoss the loss after the last update
 */
public record Explanation(ExplainSpec spec, Step step, double[] losses, double[][] trace, double finalLoss) {

    /**
     * Copies the arrays.
     *
     * @param spec the network and example explained
     * @param step the first step, number by number
     * @param losses the loss before each update; copied
     * @param trace every parameter before each update and after the last one; copied row by row
     * @param finalLoss the loss after the last update
     */
    public Explanation {
        losses = losses.clone();
        trace = trace.clone();
        for (int i = 0; i < trace.length; i++) {
            trace[i] = trace[i].clone();
        }
    }

    /**
     * The loss before each update, a copy.
     *
     * @return a new copy of the losses, one per step
     */
    @Override
    public double[] losses() {
        return losses.clone();
    }

    /**
     * The number of forward/backward/update steps run.
     *
     * @return the length of {@link #losses()}, at least 1
     */
    public int steps() {
        return losses.length;
    }

    /**
     * One factor of a chain-rule product, such as {@code σ'(z¹₁) = 0.2413}.
     *
     * @param symbol the factor in Unicode notation
     * @param value  its value
     */
    public record Factor(String symbol, double value) {
    }

    /**
     * One layer of the forward pass: {@code zⱼ = Σᵢ wⱼᵢ·xᵢ + bⱼ}, {@code aⱼ = f(zⱼ)}.
     *
     * @param layer      1-based layer number
     * @param activation the activation's name
     * @param input      the layer's input {@code x} (the previous layer's activations)
     * @param weights    {@code [out][in]} before the update
     * @param biases     {@code [out]} before the update
     * @param z          the pre-activations, as the graph computed them
     * @param a          the activations, as the graph computed them
     */
    public record LayerForward(int layer, String activation, double[] input, double[][] weights, double[] biases,
                               double[] z, double[] a) {
    }

    /**
     * One parameter's gradient and update.
     *
     * @param parameter the parameter's name, {@code layers.K.weight} or {@code layers.K.bias}
     * @param symbol    the element in notation, {@code w¹₁₂} or {@code b²₁}
     * @param row       the neuron (0-based)
     * @param col       the input (0-based) for a weight, {@code -1} for a bias
     * @param value     the value before the update
     * @param factors   the chain-rule factors; their product equals {@link #gradient()} (checked)
     * @param gradient  {@code ∂L/∂θ} as the backward sweep left it in the parameter
     * @param numeric   the central finite difference {@code (L(θ+ε) − L(θ−ε)) / 2ε}
     * @param updated   the value after the optimiser's step, {@code θ − η·∂L/∂θ}
     */
    public record Gradient(String parameter, String symbol, int row, int col, double value, List<Factor> factors,
                           double gradient, double numeric, double updated) {
        /**
         * Whether this is a weight (not a bias).
         *
         * @return {@code true} for a weight ({@code col ≥ 0}), {@code false} for a bias
         */
        public boolean isWeight() {
            return col >= 0;
        }
    }

    /**
     * One layer of the backward pass.
     *
     * @param layer        1-based layer number
     * @param upstream     {@code ∂L/∂aᵏⱼ} per neuron as recorded by the sweep, or {@code null} when the loss
     *                     is fused with the output activation (BCE on a sigmoid, cross-entropy on a softmax)
     * @param delta        {@code δᵏⱼ = ∂L/∂zᵏⱼ} per neuron, as recorded by the sweep
     * @param deltaFactors the chain-rule factors of each {@code δᵏⱼ}
     * @param weights      the weight gradients, row by row
     * @param biases       the bias gradients
     */
    public record LayerBackward(int layer, double[] upstream, double[] delta, List<List<Factor>> deltaFactors,
                                List<Gradient> weights, List<Gradient> biases) {
    }

    /**
     * One forward/backward/update step.
     *
     * @param forward          the layers from input to output
     * @param prediction       {@code ŷ}
     * @param lossFormula      the loss in symbols, such as {@code (ŷ₁−y₁)²}
     * @param lossSubstituted  the same with the numbers put in
     * @param loss             {@code L}
     * @param backward         the layers from output to input
     * @param epsilon          the finite-difference step
     */
    public record Step(List<LayerForward> forward, double[] prediction, String lossFormula, String lossSubstituted,
                       double loss, List<LayerBackward> backward, double epsilon) {

        /**
         * Every gradient, in parameter order (layer 1 weights, layer 1 biases, layer 2 weights, …).
         *
         * @return a new list of every gradient of the step, in parameter order
         */
        public List<Gradient> gradients() {
            List<Gradient> all = new ArrayList<>();
            for (int i = backward.size() - 1; i >= 0; i--) {
                all.addAll(backward.get(i).weights());
                all.addAll(backward.get(i).biases());
            }
            return all;
        }

        /**
         * The largest relative difference between a recorded gradient and its finite difference.
         *
         * @return {@code max |g − n| / max(|g|, |n|, 1e-8)} over every recorded gradient {@code g} and finite
         *         difference {@code n}; near {@code 1e-9} or below when they agree
         */
        public double maxRelativeError() {
            double max = 0;
            for (Gradient g : gradients()) {
                double scale = Math.max(Math.max(Math.abs(g.gradient()), Math.abs(g.numeric())), 1e-8);
                max = Math.max(max, Math.abs(g.gradient() - g.numeric()) / scale);
            }
            return max;
        }
    }
}
