package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An index over an ONNX graph for walking it: its constants (initializers and {@code Constant}
 * nodes), and for each value the nodes that read it.
 */
final class OnnxGraph {
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, String> constantOrigin = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final List<NodeProto> computeNodes = new ArrayList<>();

    /**
     * Indexes {@code g}.
     *
     * @throws OnnxFormatException for a {@code Constant} node without a tensor value, or a value
     *                             produced twice
     */
    OnnxGraph(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), t);
            constantOrigin.put(t.getName(), "initializer '" + t.getName() + "'");
        }
        Set<String> produced = new LinkedHashSet<>();
        for (NodeProto n : g.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && !produced.add(out)) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": value '" + out
                            + "' is produced by more than one node");
                }
            }
            if (n.getOpType().equals("Constant") && (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
                AttributeProto value = OnnxNodes.attribute(n, "value");
                if (value == null || !value.hasT() || n.getOutputCount() != 1) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": only Constant nodes holding a 'value' "
                            + "tensor are supported");
                }
                constants.put(n.getOutput(0), value.getT());
                constantOrigin.put(n.getOutput(0), "constant '" + n.getOutput(0) + "' of " + OnnxNodes.describe(n));
                continue;
            }
            computeNodes.add(n);
            Set<String> seen = new LinkedHashSet<>(n.getInputList());
            for (String in : seen) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
    }

    /** The nodes that compute (every node but {@code Constant}), in file order. */
    List<NodeProto> computeNodes() {
        return computeNodes;
    }

    /** The nodes that read {@code value}. */
    List<NodeProto> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** The one node reading {@code value}, if there is exactly one and it is an {@code opType}; else {@code null}. */
    NodeProto onlyConsumer(String value, String opType) {
        List<NodeProto> c = consumers(value);
        return c.size() == 1 && c.get(0).getOpType().equals(opType) ? c.get(0) : null;
    }

    /** Whether {@code value} is a constant (an initializer or a {@code Constant} node's output). */
    boolean hasConstant(String value) {
        return constants.containsKey(value);
    }

    /** The names of the initializers. */
    Set<String> constantNames() {
        return constants.keySet();
    }

    /**
     * A constant's numbers.
     *
     * @throws OnnxFormatException if {@code value} is not a constant or not a float/double tensor
     */
    OnnxTensors.Numbers numbers(String value, NodeProto user) {
        TensorProto t = constants.get(value);
        if (t == null) {
            throw new OnnxFormatException(OnnxNodes.describe(user) + ": input '" + value
                    + "' must be a constant (an initializer), it is computed");
        }
        return OnnxTensors.numbers(t, constantOrigin.get(value));
    }

    /** A constant string tensor. */
    List<String> strings(String value) {
        return OnnxTensors.strings(constants.get(value), constantOrigin.get(value));
    }

    /** Whether {@code value} is a one-element numeric constant equal to {@code expected} (to float32 precision). */
    boolean isConstant(String value, double expected) {
        TensorProto t = constants.get(value);
        if (t == null) {
            return false;
        }
        try {
            OnnxTensors.Numbers n = OnnxTensors.numbers(t, constantOrigin.get(value));
            return n.isScalar() && Math.abs(n.values()[0] - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
        } catch (OnnxFormatException e) {
            return false;
        }
    }

    /** Whether the binary {@code node}'s operand other than {@code operand} is the constant {@code expected}. */
    boolean otherOperandIsConstant(NodeProto node, String operand, double expected) {
        if (node.getInputCount() != 2) {
            return false;
        }
        String other = node.getInput(0).equals(operand) ? node.getInput(1) : node.getInput(1).equals(operand) ? node.getInput(0) : null;
        return other != null && isConstant(other, expected);
    }
}
