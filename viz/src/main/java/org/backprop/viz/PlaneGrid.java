package org.backprop.viz;

import java.util.ArrayList;
import java.util.List;

import org.backprop.autograd.NoGrad;
import org.backprop.autograd.Variable;
import org.backprop.nn.Dense;
import org.backprop.nn.Module;
import org.backprop.nn.Network;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * The plot {@code [-E, E]²} ({@code E} = {@link PlaygroundSession#EXTENT}) sampled at the centres of a
 * {@code side × side} grid, and what each neuron of a network computes there: the heatmaps of the
 * playground's neurons.
 *
 * <p>Cell {@code k = r·side + c} (row 0 at the top) is the point
 * {@code (E·(−1 + (2c + 1)/side), E·(1 − (2r + 1)/side))}.
 *
 * <p>Stateless; but {@link #neuronOutputs} switches the network to eval mode and back, so it must not
 * run while another thread trains or evaluates the same network.
 */
public final class PlaneGrid {
    private PlaneGrid() {
    }

    /**
     * The grid's points {@code [side², 2]} in the plot's units, row-major from the top left.
     *
     * @param side cells per side, at least 1
     * @return a new float64 tensor {@code [side², 2]}: row {@code k} is cell {@code k}'s {@code (x, y)}
     * @throws IllegalArgumentException if {@code side} is below 1
     */
    public static Tensor points(int side) {
        if (side < 1) {
            throw new IllegalArgumentException("grid: side must be at least 1, got " + side);
        }
        double e = PlaygroundSession.EXTENT;
        double[] g = new double[side * side * 2];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int k = r * side + c;
                g[2 * k] = e * (-1 + (2 * c + 1.0) / side);
                g[2 * k + 1] = e * (1 - (2 * r + 1.0) / side);
            }
        }
        return Tensor.of(DType.FLOAT64, g, side * side, 2);
    }

    /**
     * Every neuron's output {@code a = f(z)} at each row of {@code inputs}: the network's own modules
     * run one after the other ({@link Module#forward}, what {@link Network#forward} does), in eval mode and
     * without a graph, keeping each dense layer's output.
     *
     * @param network the network; switched to eval mode for the call and left in training mode
     * @param inputs {@code [N, network.inputs()]}
     * @return per dense layer, {@code [neuron][row]}; the last layer's are the network's outputs
     */
    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    public static List<double[][]> neuronOutputs(Network network, Tensor inputs) {
        List<double[][]> out = new ArrayList<>();
        network.eval();
        try (NoGrad scope = NoGrad.enter()) {
            Variable x = Variable.constant(inputs);
            for (Module m : network.layers().layers()) {
                x = m.forward(x);
                if (m instanceof Dense) {
                    Tensor a = x.value();
                    int n = a.shape().dim(0);
                    int width = a.shape().cols();
                    double[][] neurons = new double[width][n];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < width; j++) {
                            neurons[j][i] = a.get(i, j);
                        }
                    }
                    out.add(neurons);
                }
            }
        } finally {
            network.train();
        }
        return out;
    }
}
