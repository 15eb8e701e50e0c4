package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Building ONNX nodes and reading their attributes, with the node named in every message. */
final class OnnxNodes {
    private OnnxNodes() {
    }

    /** A node of the default domain. */
    static NodeProto.Builder node(String opType, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addOutput(output);
    }

    /** An integer attribute. */
    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    /** A float attribute. */
    static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    /** A string attribute. */
    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    /** {@code node 'fc1' (Gemm)}: how messages name a node. */
    static String describe(NodeProto n) {
        return "node '" + (n.getName().isEmpty() ? "(unnamed, output " + firstOutput(n) + ")" : n.getName()) + "' ("
                + (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? "" : n.getDomain() + ".") + n.getOpType() + ")";
    }

    /** The attribute {@code name}, or {@code null}. */
    static AttributeProto attribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** An integer attribute, or {@code fallback} when absent. */
    static long intAttr(NodeProto n, String name, long fallback) {
        AttributeProto a = attribute(n, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeType.INT) {
            throw new OnnxFormatException(describe(n) + ": attribute " + name + " should be an integer, it is " + a.getType());
        }
        return a.getI();
    }

    /** A float attribute, or {@code fallback} when absent. */
    static double floatAttr(NodeProto n, String name, double fallback) {
        AttributeProto a = attribute(n, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeType.FLOAT) {
            throw new OnnxFormatException(describe(n) + ": attribute " + name + " should be a float, it is " + a.getType());
        }
        return a.getF();
    }

    /** A string attribute, or {@code fallback} when absent. */
    static String stringAttr(NodeProto n, String name, String fallback) {
        AttributeProto a = attribute(n, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeType.STRING) {
            throw new OnnxFormatException(describe(n) + ": attribute " + name + " should be a string, it is " + a.getType());
        }
        return a.getS().toString(StandardCharsets.UTF_8);
    }

    private static String firstOutput(NodeProto n) {
        return n.getOutputCount() == 0 ? "none" : "'" + n.getOutput(0) + "'";
    }
}
