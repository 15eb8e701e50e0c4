package org.backprop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.backprop.data.Task;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

/** Bad files give one line naming the file and what is wrong, never a stack trace or another exception. */
class OnnxBadFileTest {

    private static OnnxFormatException refused(byte[] bytes) {
        try {
            OnnxImporter.fromBytes(bytes, "bad.onnx", OnnxImporter.Options.defaults());
        } catch (OnnxFormatException e) {
            assertThat(e.getMessage()).startsWith("bad.onnx: ").doesNotContain("\n");
            return e;
        }
        throw new AssertionError("imported a bad file");
    }

    private static String message(byte[] bytes) {
        return refused(bytes).getMessage();
    }

    /** A valid two-layer graph [N, 4] → Gemm 3 → Relu → Gemm 2, to break in one place at a time. */
    private static GraphProto.Builder graph() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        g.addInput(tensor("x", 4));
        g.addOutput(tensor("y", 2));
        g.addInitializer(OnnxTensors.floats("w1", new float[12], 3, 4));
        g.addInitializer(OnnxTensors.floats("b1", new float[3], 3));
        g.addInitializer(OnnxTensors.floats("w2", new float[6], 2, 3));
        g.addNode(gemm("fc1", "x", "w1", "b1", "h"));
        g.addNode(NodeProto.newBuilder().setOpType("Relu").setName("act1").addInput("h").addOutput("a"));
        g.addNode(gemm("fc2", "a", "w2", "", "y"));
        return g;
    }

    private static NodeProto gemm(String name, String in, String w, String b, String out) {
        return OnnxNodes.node("Gemm", name, b.isEmpty() ? List.of(in, w) : List.of(in, w, b), out)
                .addAttribute(OnnxNodes.intAttr("transB", 1)).build();
    }

    private static ValueInfoProto tensor(String name, long width) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))))).build();
    }

    private static byte[] model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g).build().toByteArray();
    }

    @Test
    void theValidGraphImports() {
        // The base of the cases below is itself fine: each case breaks one thing
        var m = OnnxImporter.fromBytes(model(graph()), "ok.onnx", OnnxImporter.Options.defaults());
        assertThat(m.network().spec()).hasToString("3 relu, 2 identity");
        assertThat(m.task()).isEqualTo(Task.REGRESSION);
        assertThat(m.featureNames()).containsExactly("f0", "f1", "f2", "f3");
    }

    @Test
    void notOnnx() {
        assertThat(message("{\"format\": \"backprop-model\"}\n".getBytes(StandardCharsets.UTF_8)))
                .startsWith("bad.onnx: not an ONNX model");
        assertThat(message(new byte[0])).isEqualTo("bad.onnx: empty file, not an ONNX model");
        assertThat(message("hello".getBytes(StandardCharsets.UTF_8))).startsWith("bad.onnx: not an ONNX model");
    }

    @Test
    void truncated() {
        byte[] whole = model(graph());
        assertThat(message(Arrays.copyOf(whole, whole.length / 2)))
                .startsWith("bad.onnx: not an ONNX model, or truncated (");
    }

    @Test
    void unsupportedOperatorIsNamedWithItsNode() {
        GraphProto.Builder g = graph();
        g.setNode(1, NodeProto.newBuilder().setOpType("Conv").setName("conv1").addInput("h").addInput("w1").addOutput("a"));
        assertThat(message(model(g))).startsWith("bad.onnx: node 'conv1' (Conv): operator Conv is not supported; "
                + "Backprop imports Gemm, MatMul+Add, Relu");
    }

    @Test
    void twoInputs() {
        GraphProto.Builder g = graph().addInput(tensor("mask", 4));
        assertThat(message(model(g))).isEqualTo("bad.onnx: graph has 2 inputs ('x', 'mask'); Backprop imports a network "
                + "with one input [N, F]");
    }

    @Test
    void shapesThatDoNotChain() {
        GraphProto.Builder g = graph();
        g.setInitializer(2, OnnxTensors.floats("w2", new float[10], 2, 5));
        assertThat(message(model(g))).isEqualTo("bad.onnx: node 'fc2' (Gemm): its weight takes 5 inputs but 'a' has 3 "
                + "(shapes do not chain)");
        GraphProto.Builder wrongInput = graph();
        wrongInput.setInput(0, tensor("x", 7));
        assertThat(message(model(wrongInput))).isEqualTo("bad.onnx: node 'fc1' (Gemm): its weight takes 4 inputs but 'x' "
                + "has 7 (shapes do not chain)");
        GraphProto.Builder wrongOutput = graph();
        wrongOutput.setOutput(0, tensor("y", 5));
        assertThat(message(model(wrongOutput))).isEqualTo("bad.onnx: output 'y' is declared [N, 5] but the network gives "
                + "[N, 2] (shapes do not chain)");
    }

    @Test
    void storedValuesMustMatchTheShape() {
        GraphProto.Builder g = graph();
        g.setInitializer(0, g.getInitializer(0).toBuilder().setRawData(ByteString.copyFrom(new byte[40])));
        assertThat(message(model(g))).isEqualTo("bad.onnx: initializer 'w1': shape [3, 4] needs 12 values, the file holds 10");
        GraphProto.Builder huge = graph();
        huge.setInitializer(0, huge.getInitializer(0).toBuilder().clearDims().addDims(1L << 40).addDims(1L << 40));
        assertThat(message(model(huge))).isEqualTo("bad.onnx: initializer 'w1': shape [1099511627776, 1099511627776] "
                + "holds more than the limit of 100000000 values");
    }

    @Test
    void branchesAndLeftoverNodesAreRefused() {
        GraphProto.Builder g = graph();
        g.addNode(NodeProto.newBuilder().setOpType("Tanh").setName("side").addInput("h").addOutput("s"));
        assertThat(message(model(g))).isEqualTo("bad.onnx: value 'h' feeds 2 nodes (node 'act1' (Relu), node 'side' (Tanh)); "
                + "Backprop imports a plain chain of layers");
        GraphProto.Builder two = graph();
        two.addNode(1, NodeProto.newBuilder().setOpType("Sigmoid").setName("act0").addInput("h").addOutput("h2"));
        two.setNode(2, two.getNode(2).toBuilder().setInput(0, "h2"));
        assertThat(message(model(two))).isEqualTo("bad.onnx: node 'act1' (Relu): a second activation after layer 0 "
                + "(already sigmoid); Backprop has one activation per dense layer");
    }

    @Test
    void metadataIsCheckedBeforeItIsParsed() {
        byte[] valid = OnnxExporter.toOnnx(Models.model("3 relu, 2 softmax", 4, Task.CLASSIFICATION, 1), 17).toByteArray();
        ModelProto.Builder m = parse(valid).toBuilder();
        for (int k = 0; k < m.getMetadataPropsCount(); k++) {
            if (m.getMetadataProps(k).getKey().equals("backprop.provenance")) {
                m.setMetadataProps(k, m.getMetadataProps(k).toBuilder().setValue("[".repeat(100_000)));
            }
        }
        assertThat(message(m.build().toByteArray())).isEqualTo("bad.onnx: metadata backprop.provenance: JSON nested deeper "
                + "than 32 levels");
        ModelProto.Builder edited = parse(valid).toBuilder();
        GraphProto.Builder g = edited.getGraphBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            if (g.getInitializer(k).getName().equals("layers.0.weight")) {
                g.setInitializer(k, OnnxTensors.floats("layers.0.weight", new float[12], 3, 4));
            }
        }
        assertThat(message(edited.build().toByteArray())).isEqualTo("bad.onnx: the weights do not match metadata "
                + "backprop.weightsSha256 (edited after export?)");
    }

    private static ModelProto parse(byte[] bytes) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fuzzedFilesGiveOneLineErrors() {
        // Given a valid exported classifier
        byte[] valid = OnnxExporter.toOnnx(Models.model("6 relu, dropout 0.2, 3 softmax", 4, Task.CLASSIFICATION, 1), 17)
                .toByteArray();
        Rng rng = new Rng(77);
        int refusedCount = 0;
        // When it is cut short anywhere, or has bits flipped, then it is either still a model or refused
        // in one line (OnnxFormatException): never another exception
        for (int cut = 0; cut < valid.length; cut += Math.max(1, valid.length / 150)) {
            refusedCount += outcome(Arrays.copyOf(valid, cut));
        }
        for (int trial = 0; trial < 600; trial++) {
            byte[] b = valid.clone();
            int flips = 1 + rng.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = rng.nextInt(b.length);
                b[at] ^= (byte) (1 << rng.nextInt(8));
            }
            refusedCount += outcome(b);
        }
        assertThat(refusedCount).isGreaterThan(400);
    }

    private static int outcome(byte[] bytes) {
        try {
            OnnxImporter.fromBytes(bytes, "fuzz.onnx", OnnxImporter.Options.defaults());
            return 0;
        } catch (OnnxFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzz.onnx: ").doesNotContain("\n");
            return 1;
        }
    }
}
