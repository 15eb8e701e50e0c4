package org.backprop.explain;

import static org.backprop.explain.Notation.sub;
import static org.backprop.explain.Notation.sup;

import java.util.Locale;

/**
 * How a weight's two indices are written. The engine stores a layer's weights {@code [out][in]},
 * as PyTorch does; many lecture notes write them from→to instead. For the weight of layer {@code k}
 * from input (or neuron of layer {@code k−1}) {@code i} into neuron {@code j}:
 *
 * <ul>
 *   <li>{@link #PYTORCH}: {@code wᵏⱼᵢ} — row {@code j}, column {@code i} of {@code Wᵏ};</li>
 *   <li>{@link #LECTURE}: {@code wᵏᵢⱼ} — from {@code i} to {@code j}, so {@code w¹₂₁} is input 2 →
 *       hidden neuron 1.</li>
 * </ul>
 *
 * <p>Only the printed symbol changes; the numbers, the JSON and the model files stay {@code [out][in]}.
 */
public enum WeightNotation {
    /** {@code wᵏⱼᵢ}: into neuron {@code j} from input {@code i}, the {@code [out][in]} order of the stored matrix. */
    PYTORCH,
    /** {@code wᵏᵢⱼ}: from input {@code i} to neuron {@code j}, as the lecture writes it. */
    LECTURE;

    /**
     * The symbol of the weight of layer {@code layer} (1-based) into neuron {@code to} from input
     * {@code from} (both 1-based).
     *
     * @param layer the layer number, 1-based
     * @param to the neuron the weight feeds, 1-based
     * @param from the input (or neuron of the previous layer) it comes from, 1-based
     * @return the symbol, such as {@code w¹₂₁}
     */
    public String weight(int layer, int to, int from) {
        return "w" + sup(layer) + (this == PYTORCH ? sub(to, from) : sub(from, to));
    }

    /**
     * One line saying which notation is in use, for the header of an explanation.
     *
     * @return the legend line, without a line break
     */
    public String legend() {
        return this == PYTORCH
                ? "Weights: wᵏⱼᵢ = Wᵏ[j][i], into neuron j of layer k from input i ([out][in], as PyTorch)"
                : "Weights: wᵏᵢⱼ goes from neuron i of layer k−1 (or input xᵢ) to neuron j of layer k (lecture)";
    }

    /**
     * Reads {@code pytorch} or {@code lecture}, in any case.
     *
     * @param name {@code pytorch} or {@code lecture}, case-insensitive, blanks around ignored
     * @return the notation
     * @throws IllegalArgumentException for any other name
     */
    public static WeightNotation parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "pytorch": return PYTORCH;
            case "lecture": return LECTURE;
            default: throw new IllegalArgumentException("expected lecture or pytorch, got '" + name + "'");
        }
    }
}
