package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import org.backprop.autograd.ops.Elu;
import org.backprop.autograd.ops.Gelu;
import org.backprop.autograd.ops.Identity;
import org.backprop.autograd.ops.LeakyRelu;
import org.backprop.autograd.ops.Relu;
import org.backprop.autograd.ops.Sigmoid;
import org.backprop.autograd.ops.Softplus;
import org.backprop.autograd.ops.Tanh;
import org.backprop.nn.Activation;

/**
 * The one mapping between Backprop's activations and ONNX operators, both ways.
 *
 * <table>
 *   <caption>activation and operator</caption>
 *   <tr><th>Backprop</th><th>ONNX</th></tr>
 *   <tr><td>identity</td><td>(no node; {@code Identity} on import)</td></tr>
 *   <tr><td>relu, sigmoid, tanh, softplus</td><td>{@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code Softplus}</td></tr>
 *   <tr><td>leaky_relu(a), elu(a)</td><td>{@code LeakyRelu}, {@code Elu} with {@code alpha = a}</td></tr>
 *   <tr><td>softmax, log_softmax</td><td>{@code Softmax}, {@code LogSoftmax} over axis 1 (the last)</td></tr>
 *   <tr><td>gelu {@code z·½(1 + erf(z/√2))}</td><td>{@code Gelu} (opset 20+), else its erf form
 *       {@code Div(z, √2) → Erf → Add 1 → Mul z → Mul ½} (as PyTorch writes it)</td></tr>
 * </table>
 *
 * <p>ONNX stores activation parameters as float32; on import a parameter becomes the shortest
 * decimal that rounds to the same float ({@code 0.01f} reads as {@code 0.01}).
 */
final class OnnxActivations {
    private static final double SQRT2 = Math.sqrt(2);

    private OnnxActivations() {
    }

    /**
     * Appends to {@code g} the nodes that compute {@code a} from {@code input} into {@code output}.
     *
     * @param name the node name (prefix, for the erf form of GELU)
     */
    static void export(Activation a, String input, String output, String name, int opset, GraphProto.Builder g) {
        if (a.kind() == Activation.Kind.SOFTMAX || a.kind() == Activation.Kind.LOG_SOFTMAX) {
            g.addNode(OnnxNodes.node(a.kind() == Activation.Kind.SOFTMAX ? "Softmax" : "LogSoftmax", name, List.of(input), output)
                    .addAttribute(OnnxNodes.intAttr("axis", 1)));
            return;
        }
        var f = a.function();
        if (f instanceof Identity) {
            g.addNode(OnnxNodes.node("Identity", name, List.of(input), output));
        } else if (f instanceof Relu || f instanceof Sigmoid || f instanceof Tanh || f instanceof Softplus) {
            String op = f instanceof Relu ? "Relu" : f instanceof Sigmoid ? "Sigmoid" : f instanceof Tanh ? "Tanh" : "Softplus";
            g.addNode(OnnxNodes.node(op, name, List.of(input), output));
        } else if (f instanceof LeakyRelu) {
            g.addNode(OnnxNodes.node("LeakyRelu", name, List.of(input), output)
                    .addAttribute(OnnxNodes.floatAttr("alpha", (float) ((LeakyRelu) f).slope())));
        } else if (f instanceof Elu) {
            g.addNode(OnnxNodes.node("Elu", name, List.of(input), output)
                    .addAttribute(OnnxNodes.floatAttr("alpha", (float) ((Elu) f).alpha())));
        } else if (f instanceof Gelu) {
            if (opset >= 20) {
                g.addNode(OnnxNodes.node("Gelu", name, List.of(input), output)
                        .addAttribute(OnnxNodes.stringAttr("approximate", "none")));
                return;
            }
            String p = name + ".";
            g.addInitializer(OnnxTensors.floats(p + "sqrt2", new float[] {(float) SQRT2}));
            g.addInitializer(OnnxTensors.floats(p + "one", new float[] {1f}));
            g.addInitializer(OnnxTensors.floats(p + "half", new float[] {0.5f}));
            g.addNode(OnnxNodes.node("Div", p + "div", List.of(input, p + "sqrt2"), p + "scaled"));
            g.addNode(OnnxNodes.node("Erf", p + "erf", List.of(p + "scaled"), p + "erf"));
            g.addNode(OnnxNodes.node("Add", p + "add", List.of(p + "erf", p + "one"), p + "one_plus_erf"));
            g.addNode(OnnxNodes.node("Mul", p + "mul", List.of(input, p + "one_plus_erf"), p + "twice"));
            g.addNode(OnnxNodes.node("Mul", p + "half", List.of(p + "twice", p + "half"), output));
        } else {
            throw new IllegalArgumentException("activation " + a + " has no ONNX operator here");
        }
    }

    /**
     * The activation one node computes, or {@code null} when the node is not an activation.
     *
     * @throws OnnxFormatException for an activation used in a form Backprop does not have (a softmax
     *                             over another axis, the tanh approximation of GELU)
     */
    static Activation fromNode(NodeProto n) {
        switch (n.getOpType()) {
            case "Relu": return Activation.relu();
            case "Sigmoid": return Activation.sigmoid();
            case "Tanh": return Activation.tanh();
            case "Softplus": return Activation.softplus();
            case "LeakyRelu": return Activation.leakyRelu(decimal(OnnxNodes.floatAttr(n, "alpha", 0.01f)));
            case "Elu": return Activation.elu(decimal(OnnxNodes.floatAttr(n, "alpha", 1f)));
            case "Softmax":
            case "LogSoftmax":
                long axis = OnnxNodes.intAttr(n, "axis", -1);
                if (axis != 1 && axis != -1) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": over axis " + axis
                            + "; Backprop's softmax is over the features (axis 1)");
                }
                return n.getOpType().equals("Softmax") ? Activation.softmax() : Activation.logSoftmax();
            case "Gelu":
                String approximate = OnnxNodes.stringAttr(n, "approximate", "none");
                if (!approximate.equals("none")) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": approximate=" + approximate
                            + " is not supported; Backprop's gelu is the exact erf form");
                }
                return Activation.gelu();
            default:
                return null;
        }
    }

    /**
     * The erf form of GELU starting at {@code x}, as {@link #export} and PyTorch write it:
     * {@code Div(x, √2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, ½)} (operands of Add and Mul in
     * either order).
     *
     * @param nodes the nodes, returned in order when matched
     * @return the output value's name, or {@code null} if the nodes at {@code x} are not this form
     */
    static String matchErfGelu(OnnxGraph g, String x, List<NodeProto> nodes) {
        NodeProto div = null;
        NodeProto mul = null;
        for (NodeProto c : g.consumers(x)) {
            if (c.getOpType().equals("Div") && c.getInputCount() == 2 && c.getInput(0).equals(x)
                    && g.isConstant(c.getInput(1), SQRT2)) {
                div = c;
            } else if (c.getOpType().equals("Mul") && c.getInputCount() == 2) {
                mul = c;
            }
        }
        if (div == null || mul == null || g.consumers(x).size() != 2) {
            return null;
        }
        NodeProto erf = g.onlyConsumer(div.getOutput(0), "Erf");
        NodeProto add = erf == null ? null : g.onlyConsumer(erf.getOutput(0), "Add");
        if (add == null || !g.otherOperandIsConstant(add, erf.getOutput(0), 1.0)) {
            return null;
        }
        if (!(mul.getInput(0).equals(x) && mul.getInput(1).equals(add.getOutput(0))
                || mul.getInput(1).equals(x) && mul.getInput(0).equals(add.getOutput(0)))) {
            return null;
        }
        NodeProto half = g.onlyConsumer(mul.getOutput(0), "Mul");
        if (half == null || !g.otherOperandIsConstant(half, mul.getOutput(0), 0.5)) {
            return null;
        }
        nodes.addAll(List.of(div, erf, add, mul, half));
        return half.getOutput(0);
    }

    /** The shortest decimal that rounds to the same float32 as {@code f}. */
    static double decimal(double f) {
        return Double.parseDouble(Float.toString((float) f));
    }
}
