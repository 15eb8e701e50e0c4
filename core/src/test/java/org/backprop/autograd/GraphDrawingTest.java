package org.backprop.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.backprop.autograd.ops.Sigmoid;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@link Variable#toDot()} and {@link Variable#toSvg()} on micrograd's example-sized expressions. */
class GraphDrawingTest {

    /** L = σ(w·x + b) with w = 2, x = 3 (a constant), b = −5: σ(1) = 0.7311, ∂L/∂w = σ′(1)·x = 0.1966·3. */
    private static Variable neuron() {
        Variable w = Variable.parameter(Tensor.scalar(DType.FLOAT64, 2)).named("w");
        Variable x = Variable.constant(Tensor.scalar(DType.FLOAT64, 3)).named("x");
        Variable b = Variable.parameter(Tensor.scalar(DType.FLOAT64, -5)).named("b");
        Variable l = w.mul(x).add(b).map(new Sigmoid()).named("L");
        l.backward();
        return l;
    }

    @Test
    void dotHasABoxPerNodeWithValueAndGradientAndAnArrowPerInput() {
        String dot = neuron().toDot();
        // nodes: w, x, mul, b, add, L (sigmoid) — 6 boxes, 5 arrows
        assertThat(dot).startsWith("digraph computation {");
        assertThat(dot.split("\\[label=", -1)).hasSize(7);
        assertThat(dot.split(" -> ", -1)).hasSize(6);
        assertThat(dot).contains("w | value [2] | grad  [0.5898]"); // σ′(1)·3 = 0.19661·3
        assertThat(dot).contains("L (sigmoid) | value [0.7311] | grad  [1]");
        assertThat(dot).contains("x | value [3]}\", color=gray"); // a constant: no gradient, grey
    }

    @Test
    void svgIsWellFormedWithOneBoxPerNodeLaidOutLeftToRight() throws Exception {
        String svg = neuron().toSvg();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList rects = doc.getElementsByTagName("rect");
        assertThat(rects.getLength()).isEqualTo(6);
        assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(5 + 1); // 5 arrows + the marker head
        // the leaves stand in the first column, the output in the last
        double firstX = Double.MAX_VALUE;
        double lastX = 0;
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            org.w3c.dom.Element g = (org.w3c.dom.Element) groups.item(i);
            double x = Double.parseDouble(((org.w3c.dom.Element) g.getElementsByTagName("rect").item(0)).getAttribute("x"));
            if (g.getAttribute("data-op").equals("w")) {
                firstX = x;
            }
            if (g.getAttribute("data-op").equals("L")) {
                lastX = x;
            }
        }
        assertThat(firstX).isLessThan(lastX);
        assertThat(svg).contains(">grad  [0.5898]<").contains(">value [0.7311]<");
    }

    @Test
    void aValueUsedTwiceIsOneBoxWithTwoArrows() {
        Variable a = Variable.parameter(Tensor.scalar(DType.FLOAT64, 3)).named("a");
        Variable y = a.mul(a);
        y.backward();
        String dot = y.toDot();
        assertThat(dot.split("\\[label=", -1)).hasSize(3);
        assertThat(dot).contains("n0 -> n1;\n  n0 -> n1;");
        assertThat(dot).contains("a | value [3] | grad  [6]");
    }
}
