package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.backprop.data.Task;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

class Dataset2DTest {

    @Test
    void theRegressionTargetsHaveTheirFormulas() {
        // plane: (x₁ + x₂)/10
        assertThat(Dataset2D.PLANE.target(3, 2)).isEqualTo(0.5);
        assertThat(Dataset2D.PLANE.target(-6, -4)).isEqualTo(-1);
        // multi-Gaussian: sᵢ·max(0, 1 − ‖x − cᵢ‖/2), the bump largest in absolute value
        Dataset2D g = Dataset2D.MULTI_GAUSSIAN;
        assertThat(g.target(-4, 2.5)).isEqualTo(1);          // on the centre of a + bump
        assertThat(g.target(0, 2.5)).isEqualTo(-1);          // on the centre of a − bump
        assertThat(g.target(-4, 1.5)).isEqualTo(0.5);        // 1 from (−4, 2.5): 1 − 1/2
        assertThat(g.target(1, 2.5)).isEqualTo(-0.5);        // 1 from (0, 2.5) (−), 3 from (4, 2.5) (+, 0)
        assertThat(g.target(-2, 2.5)).isEqualTo(0);          // 2 from both neighbours: the bumps end there
        assertThat(g.target(0, 0)).isEqualTo(0);             // 2.5 from the nearest centres
        // √(0.5² + 0.5²) = 0.70711 from (0, −2.5) (+): 1 − 0.35355
        assertThat(g.target(0.5, -2)).isCloseTo(0.6464466094067263, within(1e-15));
        assertThatThrownBy(() -> Dataset2D.CIRCLE.target(0, 0)).hasMessageContaining("circle is a classification dataset");
    }

    @Test
    void regressionPointsAreUniformOnThePlotWithTheirTargets() {
        for (Dataset2D d : new Dataset2D[] {Dataset2D.PLANE, Dataset2D.MULTI_GAUSSIAN}) {
            assertThat(d.task()).isEqualTo(Task.REGRESSION);
            Dataset2D.Points p = d.generate(300, 0, new Rng(3));
            for (int i = 0; i < p.size(); i++) {
                double x = p.xy()[i][0];
                double y = p.xy()[i][1];
                assertThat(Math.abs(x)).isLessThanOrEqualTo(6);
                assertThat(Math.abs(y)).isLessThanOrEqualTo(6);
                assertThat(p.targets()[i]).as("%s point %d", d, i).isEqualTo(d.target(x, y));
            }
            // seeded: the same seed gives the same bits, another seed other points
            Dataset2D.Points again = d.generate(300, 0, new Rng(3));
            assertThat(again.xy()).isDeepEqualTo(p.xy());
            assertThat(again.targets()).containsExactly(p.targets());
            assertThat(d.generate(300, 0, new Rng(4)).xy()[0]).isNotEqualTo(p.xy()[0]);
            // noise moves where the target is read, not the points
            Dataset2D.Points noisy = d.generate(300, 0.3, new Rng(3));
            assertThat(noisy.xy()).isDeepEqualTo(p.xy());
            assertThat(noisy.targets()).isNotEqualTo(p.targets());
        }
        // the plane's targets spread over about [−1.2, 1.2], centred near 0
        double[] t = Dataset2D.PLANE.generate(400, 0, new Rng(1)).targets();
        assertThat(Arrays.stream(t).average().orElseThrow()).isCloseTo(0, within(0.1));
        assertThat(Arrays.stream(t).max().orElseThrow()).isGreaterThan(0.8).isLessThanOrEqualTo(1.2);
    }

    @Test
    void classificationDatasetsAreBalancedAndReproducible() {
        for (Dataset2D d : Dataset2D.values()) {
            if (d.task() != Task.CLASSIFICATION) {
                continue;
            }
            Dataset2D.Points a = d.generate(100, 0.2, new Rng(7));
            Dataset2D.Points b = d.generate(100, 0.2, new Rng(7));
            assertThat(a.xy()).isDeepEqualTo(b.xy());
            assertThat(Arrays.stream(a.labels()).sum()).isEqualTo(50);
        }
    }

    @Test
    void eachProblemHasAFirstDatasetAndNamesParse() {
        assertThat(Dataset2D.first(Task.CLASSIFICATION)).isEqualTo(Dataset2D.CIRCLE);
        assertThat(Dataset2D.first(Task.REGRESSION)).isEqualTo(Dataset2D.PLANE);
        assertThat(Dataset2D.parse("multi_gaussian")).isEqualTo(Dataset2D.MULTI_GAUSSIAN);
        assertThatThrownBy(() -> Dataset2D.parse("ring")).hasMessage(
                "unknown dataset 'ring'; expected circle, xor, gaussian, spiral, moons, plane or multi_gaussian");
    }
}
