package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Base64;
import java.util.List;

import org.backprop.nn.Activation;
import org.backprop.nn.Dense;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HeatmapTest {

    @Test
    void valuesAreQuantisedToOneByteOnTheirScale() {
        // b = round(255·(clamp(v) − lo)/(hi − lo)) on [−1, 1]: −1 → 0, 0 → round(127.5) = 128, 1 → 255, 2 clamped, NaN → lo
        Heatmap h = Heatmap.of(2, -1, 1, new double[] {-1, 0, 1, 2});
        assertThat(h.cells()).containsExactly(0, (byte) 128, (byte) 255, (byte) 255);
        assertThat(h.value(1)).isCloseTo(1.0 / 255, within(1e-15)); // −1 + 128·2/255
        assertThat(Heatmap.of(1, 0, 1, new double[] {Double.NaN}).cells()).containsExactly(0);
        // and the page gets them as base64
        assertThat(h.toMap()).containsEntry("side", 2L).containsEntry("lo", -1.0).containsEntry("hi", 1.0)
                .containsEntry("cells", Base64.getEncoder().encodeToString(h.cells()));
        assertThatThrownBy(() -> Heatmap.of(2, 0, 1, new double[3])).hasMessage("heatmap: 3 values for a side of 2");
    }

    @Test
    void aThumbnailAveragesBlocksOfCells() {
        // 4 × 4 on [0, 1] to 2 × 2: each cell the mean of a 2 × 2 block
        double[] v = {
            0, 0, 1, 1,
            0, 0, 1, 1,
            0.2, 0.4, 0.5, 0.5,
            0.6, 0.8, 0.5, 0.5};
        Heatmap h = Heatmap.shrunk(4, 2, 0, 1, v);
        assertThat(h.side()).isEqualTo(2);
        // 0, 1, mean(0.2, 0.4, 0.6, 0.8) = 0.5 → round(127.5) = 128, 0.5 → 128
        assertThat(h.cells()).containsExactly(0, (byte) 255, (byte) 128, (byte) 128);
        assertThatThrownBy(() -> Heatmap.shrunk(4, 3, 0, 1, v)).hasMessageContaining("cannot shrink");
    }

    @Test
    void theGridRunsTheNetworksOwnLayersAndItsLastLayerIsThePrediction() {
        // Given the grid's cell centres: 2 × 2 cells over [−6, 6]² are (±3, ±3), row 0 at the top
        Tensor g = PlaneGrid.points(2);
        assertThat(g.toDoubleArray()).containsExactly(-3, 3, 3, 3, -3, -3, 3, -3);
        // and a 2 → 3 tanh → 1 sigmoid network on the features x₁, x₂
        Network net = new Network(2, new NetworkSpec(List.of(new NetworkSpec.DenseItem(3, Activation.tanh()),
                new NetworkSpec.DenseItem(1, Activation.sigmoid()))), new Rng(5));
        Tensor x = InputFeatures.DEFAULT.rows(PlaneGrid.points(8));
        List<double[][]> a = PlaneGrid.neuronOutputs(net, x);
        // Then there is one map per neuron of each layer
        assertThat(a).hasSize(2);
        assertThat(a.get(0)).hasNumberOfRows(3);
        assertThat(a.get(1)).hasNumberOfRows(1);
        // the first layer's neuron j at point i is tanh(Σₖ wⱼₖ xᵢₖ + bⱼ), written out here
        Dense first = net.denseLayers().get(0);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 3; j++) {
                double z = first.bias().value().get(j);
                for (int k = 0; k < 2; k++) {
                    z += first.weight().value().get(j, k) * x.get(i, k);
                }
                assertThat(a.get(0)[j][i]).isCloseTo(Math.tanh(z), within(1e-6));
            }
        }
        // and the last layer's map is exactly the network's prediction
        net.eval();
        Tensor p = net.predict(x);
        for (int i = 0; i < 64; i++) {
            assertThat(a.get(1)[0][i]).isEqualTo(p.get(i));
        }
    }
}
