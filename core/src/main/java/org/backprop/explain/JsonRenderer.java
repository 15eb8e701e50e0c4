package org.backprop.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop.explain.Explanation.Factor;
import org.backprop.explain.Explanation.Gradient;
import org.backprop.explain.Explanation.LayerBackward;
import org.backprop.explain.Explanation.LayerForward;
import org.backprop.explain.Explanation.Step;
import org.backprop.io.Json;

/**
 * One JSON object for programs: {@code loss} (a number), {@code gradients} and {@code updated}
 * (objects keyed {@code layers.K.weight} / {@code layers.K.bias}, {@code K} counting the dense
 * layers from 0, holding nested arrays shaped like the input's weights {@code [out][in]} and biases
 * {@code [out]}), {@code numericGradients} (the finite differences, same shape), {@code forward}
 * (per layer: {@code z} and {@code a}), {@code prediction}, {@code deltas} ({@code ∂L/∂z} per
 * layer), {@code activationGradients} ({@code ∂L/∂a} per layer, left out for an output fused with its
 * loss), {@code parameters} (the weights and biases before the update, shaped like {@code gradients}),
 * {@code chainRule} (each gradient's factors), {@code losses} (one per step), {@code trace} (every
 * parameter before each step and after the last, in the order of {@code chainRule}) and {@code finalLoss}. Numbers are written in full (shortest round-trip form).
 */
public final class JsonRenderer {
    private JsonRenderer() {
    }

    /**
     * The explanation as pretty-printed JSON.
     *
     * @param e the explanation to write
     * @return the JSON text, two-space indented, keys in the order listed above
     */
    public static String render(Explanation e) {
        return Json.writePretty(toMap(e));
    }

    /**
     * The explanation as the map that {@link #render} writes.
     *
     * @param e the explanation to write
     * @return a new mutable map, insertion-ordered as written; arrays are the explanation's own copies
     */
    public static Map<String, Object> toMap(Explanation e) {
        Step s = e.step();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loss", s.loss());
        out.put("lossName", e.spec().loss());
        out.put("learningRate", e.spec().learningRate());
        out.put("input", e.spec().input());
        out.put("target", e.spec().target());
        out.put("prediction", s.prediction());
        List<Object> forward = new ArrayList<>();
        for (LayerForward f : s.forward()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", (long) f.layer() - 1);
            m.put("activation", f.activation());
            m.put("z", f.z());
            m.put("a", f.a());
            forward.add(m);
        }
        out.put("forward", forward);
        Map<String, Object> deltas = new LinkedHashMap<>();
        for (int i = s.backward().size() - 1; i >= 0; i--) {
            LayerBackward b = s.backward().get(i);
            deltas.put("layers." + (b.layer() - 1), b.delta());
        }
        out.put("deltas", deltas);
        Map<String, Object> upstream = new LinkedHashMap<>();
        for (int i = s.backward().size() - 1; i >= 0; i--) {
            LayerBackward b = s.backward().get(i);
            if (b.upstream() != null) {
                upstream.put("layers." + (b.layer() - 1), b.upstream());
            }
        }
        out.put("activationGradients", upstream);
        out.put("parameters", byParameter(s, Gradient::value));
        out.put("gradients", byParameter(s, Gradient::gradient));
        out.put("numericGradients", byParameter(s, Gradient::numeric));
        out.put("updated", byParameter(s, Gradient::updated));
        Map<String, Object> chain = new LinkedHashMap<>();
        for (Gradient g : s.gradients()) {
            List<Object> factors = new ArrayList<>();
            for (Factor f : g.factors()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("symbol", f.symbol());
                fm.put("value", f.value());
                factors.add(fm);
            }
            String key = g.parameter() + "[" + g.row() + (g.isWeight() ? "][" + g.col() : "") + "]";
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("symbol", "∂L/∂" + g.symbol());
            gm.put("factors", factors);
            gm.put("gradient", g.gradient());
            chain.put(key, gm);
        }
        out.put("chainRule", chain);
        out.put("losses", e.losses());
        out.put("trace", e.trace());
        out.put("finalLoss", e.finalLoss());
        return out;
    }

    private static Map<String, Object> byParameter(Step s, java.util.function.ToDoubleFunction<Gradient> value) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = s.backward().size() - 1; i >= 0; i--) {
            LayerBackward b = s.backward().get(i);
            int k = b.layer() - 1;
            int rows = b.delta().length;
            int cols = s.forward().get(k).input().length;
            double[][] w = new double[rows][cols];
            for (Gradient g : b.weights()) {
                w[g.row()][g.col()] = value.applyAsDouble(g);
            }
            double[] bias = new double[rows];
            for (Gradient g : b.biases()) {
                bias[g.row()] = value.applyAsDouble(g);
            }
            out.put("layers." + k + ".weight", w);
            out.put("layers." + k + ".bias", bias);
        }
        return out;
    }
}
