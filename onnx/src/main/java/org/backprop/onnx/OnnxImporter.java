package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.nn.Activation;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.nn.StateDictException;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;
import org.backprop.train.TrainingDefaults;

/**
 * Reads an ONNX model made of dense layers into a {@link TrainedModel}.
 *
 * <p>What it takes: one float input {@code [N, F]} (or {@code [N, …]} followed by {@code Flatten});
 * optional leading {@code Cast}/{@code Sub}/{@code Div}/{@code Mul}/{@code Add} with constants,
 * folded into one per-feature scaler {@code x' = (x − offset) / scale}; then a chain of dense layers —
 * {@code Gemm} ({@code z = α·x·op(B) + β·C}) or {@code MatMul} with an optional {@code Add} of a
 * constant bias — each followed by at most one activation ({@link OnnxActivations}), with
 * {@code Identity}, {@code Flatten} and {@code Dropout} (inference form) anywhere. A {@code Softmax}
 * after the last layer's activation, or {@code Exp} after a {@code LogSoftmax}, is read as the
 * model's probability output; an {@code ArgMax} (then {@code Gather} over class names) from it as a
 * label output. Anything else is refused with the node's name and operator.
 *
 * <p>Nothing read is trusted: the file size, node and initializer counts, tensor shapes and stored
 * value counts are checked against the file and the limits below before anything is allocated, and
 * every shape must chain. Errors are {@link OnnxFormatException}s of one line, starting with the
 * file name.
 *
 * <p>A model exported by {@link OnnxExporter} carries its spec, names, task and provenance as
 * metadata ({@link OnnxMetadata}): importing it gives back the same model (same predictions, same
 * weightsSha256). For a model from elsewhere the features are named {@code f0 … f(F−1)}, the classes
 * {@code 0 … C−1} (or the names of a label output), and the task is classification when the output
 * is a softmax (or has a label output), else regression, unless {@link Options#task()} says.
 *
 * <p>Stateless: any number of threads may import at once; each import builds its own model.
 */
public final class OnnxImporter {
    /** The largest file read. */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** The most nodes in a graph. */
    public static final int MAX_NODES = 10_000;
    /** The most initializers in a graph. */
    public static final int MAX_INITIALIZERS = 10_000;
    /** The lowest default-domain opset read. */
    public static final int MIN_OPSET = 7;
    /** The highest default-domain opset read. */
    public static final int MAX_OPSET = 23;
    private static final int MAX_NESTING = 64;
    private static final int MAX_MESSAGE_CHARS = 500;

    /**
     * How to read a model from elsewhere.
     *
     * @param task the task, or {@code null} to infer it (see the class comment)
     */
    public record Options(Task task) {
        /**
         * Infer everything.
         *
         * @return options with no task: the task is inferred from the graph's output
         */
        public static Options defaults() {
            return new Options(null);
        }
    }

    private OnnxImporter() {
    }

    /**
     * Reads and imports {@code file}.
     *
     * @param file    the {@code .onnx} file; at most {@link #MAX_FILE_BYTES} bytes
     * @param options how to read the model; a task given here wins over the file's metadata and over
     *                inference
     * @return a new model: network, scaler, names and task (from Backprop's metadata when the file has
     *         it, else as the class comment says) and a new provenance of kind {@code onnx-import} that
     *         names the file, its producer and opset (and the seed, dataset and trainer of the original
     *         provenance, when the file has one)
     * @throws IOException          if it cannot be read
     * @throws OnnxFormatException  naming the file and what is wrong, in one line
     */
    public static TrainedModel read(Path file, Options options) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new OnnxFormatException(source + ": " + size + " bytes, above the limit of " + MAX_FILE_BYTES);
        }
        return fromBytes(Files.readAllBytes(file), source, options);
    }

    /**
     * Imports an ONNX model held in memory.
     *
     * @param bytes   the serialized {@code ModelProto}; not changed, and not kept
     * @param source  the file name, for messages
     * @param options how to read the model (see {@link #read(Path, Options)})
     * @return a new model (see {@link #read(Path, Options)})
     * @throws OnnxFormatException naming {@code source} and what is wrong, in one line
     */
    public static TrainedModel fromBytes(byte[] bytes, String source, Options options) {
        try {
            return new Walk(parse(bytes), source, options).model();
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException(source + ": " + oneLine(e.getMessage()));
        }
    }

    /**
     * A message as one readable line: names come from the file, so control characters (a newline in a
     * node name) become {@code ?} and the whole is cut at {@value #MAX_MESSAGE_CHARS} characters.
     */
    private static String oneLine(String message) {
        String m = message.replaceAll("\\p{Cntrl}", "?");
        return m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static ModelProto parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new OnnxFormatException("empty file, not an ONNX model");
        }
        ModelProto m;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(bytes.length);
            in.setRecursionLimit(MAX_NESTING);
            m = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException("not an ONNX model, or truncated (" + firstSentence(e.getMessage()) + ")");
        } catch (IOException e) {
            throw new OnnxFormatException("not an ONNX model (" + e.getMessage() + ")");
        }
        if (m.getIrVersion() <= 0 || !m.hasGraph()) {
            throw new OnnxFormatException("not an ONNX model: " + (m.getIrVersion() <= 0 ? "no IR version" : "no graph"));
        }
        return m;
    }

    private static String firstSentence(String m) {
        if (m == null) {
            return "unreadable";
        }
        int dot = m.indexOf(". ");
        return (dot > 0 ? m.substring(0, dot) : m).replace('\n', ' ');
    }

    /** How the last dense layer's output becomes probabilities. */
    private enum Head {
        /** The output is the last layer's activation. */
        NONE,
        /** A {@code Softmax} after the last layer's activation. */
        SOFTMAX,
        /** An {@code Exp} after a {@code LogSoftmax}. */
        EXP
    }

    /** One dense layer read from the graph, weights {@code [out, in]} as PyTorch and Backprop keep them. */
    private static final class Layer {
        final int in;
        final int out;
        final float[] weight;
        final float[] bias;
        Activation activation = Activation.identity();
        boolean activated;

        Layer(int in, int out, float[] weight, float[] bias) {
            this.in = in;
            this.out = out;
            this.weight = weight;
            this.bias = bias;
        }
    }

    /** The walk from the input along the chain of nodes, collecting layers. */
    private static final class Walk {
        private final ModelProto model;
        private final GraphProto graph;
        private final String source;
        private final Options options;
        private final int opset;
        private final OnnxGraph g;
        private final java.util.Set<NodeProto> visited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private final List<NetworkSpec.Item> items = new ArrayList<>();
        private final List<Layer> layers = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private String input;
        private String cur;
        private int rank;
        private long[] dims;
        private long width = -1;
        private double[] offset = {0};
        private double[] scale = {1};
        private Head head = Head.NONE;
        private List<String> labelClasses;
        private boolean labelOutput;

        Walk(ModelProto model, String source, Options options) {
            this.model = model;
            this.graph = model.getGraph();
            this.source = source;
            this.options = options;
            this.opset = defaultOpset(model);
            if (graph.getNodeCount() > MAX_NODES || graph.getInitializerCount() > MAX_INITIALIZERS) {
                throw new OnnxFormatException("graph has " + graph.getNodeCount() + " nodes and " + graph.getInitializerCount()
                        + " initializers, above the limits of " + MAX_NODES + " and " + MAX_INITIALIZERS);
            }
            if (graph.getSparseInitializerCount() > 0) {
                throw new OnnxFormatException("sparse initializers are not supported");
            }
            this.g = new OnnxGraph(graph);
        }

        TrainedModel model() {
            readInput();
            for (ValueInfoProto o : graph.getOutputList()) {
                outputs.add(o.getName());
            }
            if (outputs.isEmpty() || outputs.size() > 2) {
                throw new OnnxFormatException("graph has " + outputs.size() + " outputs; expected the network's output "
                        + "(and optionally a label output)");
            }
            cur = input;
            while (step()) {
                // one node (or one GELU pattern) per step
            }
            if (layers.isEmpty()) {
                throw new OnnxFormatException("no Gemm or MatMul layer between input '" + input + "' and the output");
            }
            if (!outputs.contains(cur)) {
                throw new OnnxFormatException("the chain from input '" + input + "' ends at '" + cur
                        + "', which is not a graph output (outputs: " + String.join(", ", outputs) + ")");
            }
            checkDeclaredOutput(cur);
            for (String o : outputs) {
                if (!o.equals(cur)) {
                    labelHead(o);
                }
            }
            for (NodeProto n : g.computeNodes()) {
                if (!visited.contains(n)) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + " is not on the chain from input '" + input
                            + "' to the output; Backprop imports a plain chain of layers");
                }
            }
            while (items.get(items.size() - 1) instanceof NetworkSpec.DropoutItem) {
                items.remove(items.size() - 1); // a dropout after the last layer is the identity at inference
            }
            return build();
        }

        private static int defaultOpset(ModelProto m) {
            for (OperatorSetIdProto o : m.getOpsetImportList()) {
                if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                    if (o.getVersion() < MIN_OPSET || o.getVersion() > MAX_OPSET) {
                        throw new OnnxFormatException("opset " + o.getVersion() + " is not supported; expected "
                                + MIN_OPSET + " … " + MAX_OPSET);
                    }
                    return (int) o.getVersion();
                }
            }
            throw new OnnxFormatException("no opset of the default ONNX domain is imported");
        }

        private void readInput() {
            List<ValueInfoProto> inputs = new ArrayList<>();
            for (ValueInfoProto v : graph.getInputList()) {
                if (!g.hasConstant(v.getName())) {
                    inputs.add(v);
                }
            }
            if (inputs.size() != 1) {
                List<String> names = new ArrayList<>();
                inputs.forEach(v -> names.add("'" + v.getName() + "'"));
                throw new OnnxFormatException("graph has " + inputs.size() + " inputs" + (names.isEmpty() ? "" : " ("
                        + String.join(", ", names) + ")") + "; Backprop imports a network with one input [N, F]");
            }
            ValueInfoProto v = inputs.get(0);
            input = v.getName();
            TypeProto t = v.getType();
            if (!t.hasTensorType() || t.getTensorType().getElemType() != ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                throw new OnnxFormatException("input '" + input + "' is " + (t.hasTensorType()
                        ? OnnxTensors.typeName(t.getTensorType().getElemType()) + "" : "not a tensor") + "; expected FLOAT");
            }
            if (!t.getTensorType().hasShape()) {
                rank = 2;
                dims = new long[] {-1};
                return;
            }
            TensorShapeProto shape = t.getTensorType().getShape();
            rank = shape.getDimCount();
            if (rank < 2 || rank > OnnxTensors.MAX_RANK) {
                throw new OnnxFormatException("input '" + input + "' has rank " + rank + "; expected [N, F] (or [N, …] then Flatten)");
            }
            dims = new long[rank - 1];
            for (int i = 1; i < rank; i++) {
                TensorShapeProto.Dimension d = shape.getDim(i);
                dims[i - 1] = d.hasDimValue() ? d.getDimValue() : -1;
                if (d.hasDimValue() && (d.getDimValue() < 1 || d.getDimValue() > OnnxTensors.MAX_ELEMENTS)) {
                    throw new OnnxFormatException("input '" + input + "' dimension " + i + " is " + d.getDimValue());
                }
            }
            width = rank == 2 ? dims[0] : -1;
        }

        /** Takes the next node (or GELU pattern) after {@code cur}; {@code false} at the end of the chain. */
        private boolean step() {
            List<NodeProto> next = new ArrayList<>();
            for (NodeProto n : g.consumers(cur)) {
                if (!visited.contains(n)) {
                    next.add(n);
                }
            }
            if (next.isEmpty()) {
                return false;
            }
            if (outputs.contains(cur) && next.stream().allMatch(n -> n.getOpType().equals("ArgMax"))) {
                return false; // the label output reads the network's output
            }
            if (next.size() > 1) {
                List<NodeProto> gelu = new ArrayList<>();
                String out = OnnxActivations.matchErfGelu(g, cur, gelu);
                if (out == null) {
                    List<String> names = new ArrayList<>();
                    next.forEach(n -> names.add(OnnxNodes.describe(n)));
                    throw new OnnxFormatException("value '" + cur + "' feeds " + next.size() + " nodes (" + String.join(", ", names)
                            + "); Backprop imports a plain chain of layers");
                }
                activation(gelu.get(0), Activation.gelu());
                visited.addAll(gelu);
                cur = out;
                return true;
            }
            NodeProto n = next.get(0);
            visited.add(n);
            if (!(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
                throw unsupported(n);
            }
            boolean binary = List.of("Sub", "Div", "Mul", "Add").contains(n.getOpType());
            if (!binary && (n.getInputCount() == 0 || !n.getInput(0).equals(cur))) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": expected '" + cur + "' as its first input");
            }
            if (n.getOutputCount() < 1 || n.getOutput(0).isEmpty()) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": has no output");
            }
            Activation a = OnnxActivations.fromNode(n);
            if (a != null) {
                activation(n, a);
            } else {
                switch (n.getOpType()) {
                    case "Gemm": gemm(n); break;
                    case "MatMul": matMul(n); break;
                    case "Identity": break;
                    case "Dropout": dropout(n); break;
                    case "Flatten": flatten(n); break;
                    case "Cast": cast(n); break;
                    case "Sub": case "Div": case "Mul": case "Add": preprocess(n); break;
                    case "Exp": exp(n); break;
                    default: throw unsupported(n);
                }
            }
            if (n.getOutputCount() > 1) {
                for (int i = 1; i < n.getOutputCount(); i++) {
                    String extra = n.getOutput(i);
                    if (!extra.isEmpty() && (!g.consumers(extra).isEmpty() || outputs.contains(extra))) {
                        throw new OnnxFormatException(OnnxNodes.describe(n) + ": its output '" + extra
                                + "' is used; only the inference form is supported");
                    }
                }
            }
            if (!n.getOpType().equals("MatMul")) {
                cur = n.getOutput(0);
            }
            return true;
        }

        private OnnxFormatException unsupported(NodeProto n) {
            return new OnnxFormatException(OnnxNodes.describe(n) + ": operator " + n.getOpType() + " is not supported; "
                    + "Backprop imports Gemm, MatMul+Add, Relu, Sigmoid, Tanh, LeakyRelu, Elu, Softplus, Softmax, LogSoftmax, "
                    + "Gelu, Identity, Flatten, Dropout and leading Sub/Div/Mul/Add/Cast");
        }

        private void requireMatrix(NodeProto n) {
            if (rank != 2) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": its input '" + cur + "' has rank " + rank
                        + "; expected [N, F] (add a Flatten before it)");
            }
        }

        private void gemm(NodeProto n) {
            requireMatrix(n);
            if (n.getInputCount() < 2) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": needs a weight input");
            }
            if (OnnxNodes.intAttr(n, "transA", 0) != 0) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": transA=1 is not supported");
            }
            boolean transB = OnnxNodes.intAttr(n, "transB", 0) != 0;
            double alpha = OnnxNodes.floatAttr(n, "alpha", 1);
            double beta = OnnxNodes.floatAttr(n, "beta", 1);
            OnnxTensors.Numbers b = g.numbers(n.getInput(1), n);
            if (b.dims().length != 2) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": weight '" + n.getInput(1) + "' is " + b.shapeText()
                        + "; expected a matrix");
            }
            int out = (int) (transB ? b.dims()[0] : b.dims()[1]);
            int in = (int) (transB ? b.dims()[1] : b.dims()[0]);
            float[] w = weights(b.values(), in, out, transB, alpha);
            float[] bias = new float[out];
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                bias = bias(n, g.numbers(n.getInput(2), n), out, beta);
            }
            dense(n, in, out, w, bias);
        }

        private void matMul(NodeProto n) {
            requireMatrix(n);
            if (n.getInputCount() != 2) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": expected 2 inputs");
            }
            OnnxTensors.Numbers b = g.numbers(n.getInput(1), n);
            if (b.dims().length != 2) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": weight '" + n.getInput(1) + "' is " + b.shapeText()
                        + "; expected a matrix [in, out]");
            }
            int in = (int) b.dims()[0];
            int out = (int) b.dims()[1];
            float[] w = weights(b.values(), in, out, false, 1);
            float[] bias = new float[out];
            cur = n.getOutput(0);
            NodeProto add = g.onlyConsumer(cur, "Add");
            if (add != null && add.getInputCount() == 2 && !outputs.contains(cur)) {
                String other = add.getInput(0).equals(cur) ? add.getInput(1) : add.getInput(0);
                if (g.hasConstant(other)) {
                    bias = bias(add, g.numbers(other, add), out, 1);
                    visited.add(add);
                    cur = add.getOutput(0);
                }
            }
            dense(n, in, out, w, bias);
        }

        /** {@code B} as {@code [out, in]}: transposed unless {@code transB}, times {@code alpha}. */
        private static float[] weights(double[] b, int in, int out, boolean transB, double alpha) {
            float[] w = new float[out * in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double v = transB ? b[o * in + i] : b[i * out + o];
                    w[o * in + i] = (float) (alpha == 1 ? v : alpha * v);
                }
            }
            return w;
        }

        private static float[] bias(NodeProto n, OnnxTensors.Numbers c, int out, double beta) {
            boolean rowShaped = c.dims().length == 2 && c.dims()[0] == 1;
            boolean fits = c.isScalar() || c.size() == out && (c.dims().length == 1 || rowShaped);
            if (!fits) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": bias is " + c.shapeText() + "; expected [" + out + "]");
            }
            float[] bias = new float[out];
            for (int o = 0; o < out; o++) {
                double v = c.values()[c.isScalar() ? 0 : o];
                bias[o] = (float) (beta == 1 ? v : beta * v);
            }
            return bias;
        }

        private void dense(NodeProto n, int in, int out, float[] w, float[] bias) {
            if (in < 1 || out < 1) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": weight is empty (" + in + " inputs, " + out + " outputs)");
            }
            if (head != Head.NONE) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": a layer after the probability output is not supported");
            }
            if (width >= 0 && width != in) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": its weight takes " + in + " inputs but '" + cur
                        + "' has " + width + " (shapes do not chain)");
            }
            if (layers.isEmpty() && scale.length > 1 && scale.length != in) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": its weight takes " + in + " inputs but the scaling "
                        + "before it has " + scale.length);
            }
            closeLayer();
            width = out;
            layers.add(new Layer(in, out, w, bias));
            items.add(null); // the spec item is made when the activation is known
        }

        private void activation(NodeProto n, Activation a) {
            if (layers.isEmpty()) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": an activation before any Gemm or MatMul; "
                        + "Backprop applies activations after a dense layer");
            }
            if (head != Head.NONE) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": an activation after the probability output is not supported");
            }
            if (items.get(items.size() - 1) != null) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": an activation after a Dropout; Backprop applies "
                        + "the activation right after its dense layer (put the Dropout after it)");
            }
            Layer last = layers.get(layers.size() - 1);
            if (last.activated) {
                if (a.kind() == Activation.Kind.SOFTMAX && last.activation.kind() == Activation.Kind.ELEMENTWISE) {
                    head = Head.SOFTMAX;
                    return;
                }
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": a second activation after layer " + (layers.size() - 1)
                        + " (already " + last.activation + "); Backprop has one activation per dense layer");
            }
            last.activation = a;
            last.activated = true;
        }

        private void exp(NodeProto n) {
            if (layers.isEmpty() || head != Head.NONE || layers.get(layers.size() - 1).activation.kind() != Activation.Kind.LOG_SOFTMAX) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": Exp is supported only right after a LogSoftmax output");
            }
            head = Head.EXP;
        }

        private void dropout(NodeProto n) {
            double ratio = 0.5;
            if (opset < 12) {
                ratio = OnnxNodes.floatAttr(n, "ratio", 0.5);
            } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
                OnnxTensors.Numbers r = g.numbers(n.getInput(1), n);
                if (!r.isScalar()) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": ratio is " + r.shapeText() + "; expected one number");
                }
                ratio = r.values()[0];
            }
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": a training_mode input is not supported "
                        + "(only the inference form)");
            }
            if (!(ratio >= 0 && ratio < 1)) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": ratio " + ratio + " is outside [0, 1)");
            }
            closeLayer();
            items.add(new NetworkSpec.DropoutItem(OnnxActivations.decimal(ratio)));
        }

        /** Fixes the last layer's spec item (its activation is final once something else follows). */
        private void closeLayer() {
            if (!items.isEmpty() && items.get(items.size() - 1) == null) {
                Layer last = layers.get(layers.size() - 1);
                items.set(items.size() - 1, new NetworkSpec.DenseItem(last.out, last.activation));
            }
        }

        private void flatten(NodeProto n) {
            long axis = OnnxNodes.intAttr(n, "axis", 1);
            if (axis != 1 && !(rank == 2 && axis == -1)) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": axis " + axis + " is not supported; expected 1 "
                        + "(keep the batch, flatten the rest)");
            }
            if (rank > 2) {
                long product = 1;
                for (long d : dims) {
                    if (d < 0) {
                        throw new OnnxFormatException(OnnxNodes.describe(n) + ": input '" + input
                                + "' has a dynamic dimension besides the batch; its size must be known to flatten it");
                    }
                    product *= d;
                    if (product > OnnxTensors.MAX_ELEMENTS) {
                        throw new OnnxFormatException(OnnxNodes.describe(n) + ": flattens to more than " + OnnxTensors.MAX_ELEMENTS);
                    }
                }
                width = product;
                rank = 2;
            }
        }

        private void cast(NodeProto n) {
            long to = OnnxNodes.intAttr(n, "to", -1);
            boolean floating = to == ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE
                    || to == ai.onnx.proto.OnnxMl.TensorProto.DataType.DOUBLE_VALUE;
            if (!layers.isEmpty() || !floating) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": only a Cast to float or double before the first "
                        + "layer is supported");
            }
        }

        /**
         * Folds {@code Sub}/{@code Div}/{@code Mul}/{@code Add} of a constant into the scaler
         * {@code v = (x − o)/s}: {@code v − c} gives {@code o + c·s}; {@code c − v} gives
         * {@code (o + c·s, −s)}; {@code v + c} gives {@code o − c·s}; {@code v·c} gives {@code s/c};
         * {@code v/c} gives {@code s·c}. (A {@code Sub} then {@code Div} from the identity keeps the
         * constants exactly.)
         */
        private void preprocess(NodeProto n) {
            String op = n.getOpType();
            if (!layers.isEmpty()) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": " + op + " after a layer is not supported "
                        + "(only MatMul+Add as a bias, and Sub/Div/Mul/Add on the input as scaling)");
            }
            if (n.getInputCount() != 2) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": expected 2 inputs");
            }
            boolean dataFirst = n.getInput(0).equals(cur);
            String other = dataFirst ? n.getInput(1) : n.getInput(0);
            if (other.equals(cur) || !g.hasConstant(other)) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": " + op + " of two computed values is not supported");
            }
            if (op.equals("Div") && !dataFirst) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": dividing a constant by the input is not an affine scaling");
            }
            OnnxTensors.Numbers c = g.numbers(other, n);
            int f = features(n, c);
            double[] o = expand(offset, f);
            double[] s = expand(scale, f);
            double[] cv = c.values();
            for (int j = 0; j < f; j++) {
                double v = cv[c.isScalar() ? 0 : j];
                switch (op) {
                    case "Sub": o[j] = o[j] + v * s[j]; s[j] = dataFirst ? s[j] : -s[j]; break;
                    case "Add": o[j] = o[j] - v * s[j]; break;
                    case "Mul": s[j] = s[j] / v; break;
                    default: s[j] = s[j] * v; break;
                }
                if (!(Double.isFinite(o[j]) && Double.isFinite(s[j]) && s[j] != 0)) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": feature " + j + " gets offset " + o[j]
                            + " and scale " + s[j] + " (a multiplication by 0 or a division by 0?)");
                }
            }
            offset = o;
            scale = s;
        }

        /** The feature count a preprocessing constant applies to (1 for a scalar that is broadcast). */
        private int features(NodeProto n, OnnxTensors.Numbers c) {
            if (c.isScalar()) {
                return Math.max(1, scale.length);
            }
            boolean perFeature = rank == 2 && (c.dims().length == 1 || c.dims().length == 2 && c.dims()[0] == 1);
            if (!perFeature || width >= 0 && c.size() != width || scale.length > 1 && c.size() != scale.length) {
                throw new OnnxFormatException(OnnxNodes.describe(n) + ": constant is " + c.shapeText() + " for input '" + cur
                        + "' of " + (rank == 2 ? (width < 0 ? "unknown width" : width + " features") : "rank " + rank)
                        + "; expected one number or one per feature");
            }
            width = c.size();
            return c.size();
        }

        private static double[] expand(double[] v, int f) {
            if (v.length == f) {
                return v.clone();
            }
            double[] out = new double[f];
            java.util.Arrays.fill(out, v[0]);
            return out;
        }

        private void checkDeclaredOutput(String name) {
            for (ValueInfoProto v : graph.getOutputList()) {
                if (v.getName().equals(name) && v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
                    TensorShapeProto s = v.getType().getTensorType().getShape();
                    long outputs = layers.get(layers.size() - 1).out;
                    if (s.getDimCount() != 2 || s.getDim(1).hasDimValue() && s.getDim(1).getDimValue() != outputs) {
                        throw new OnnxFormatException("output '" + name + "' is declared " + shapeText(s)
                                + " but the network gives [N, " + outputs + "] (shapes do not chain)");
                    }
                }
            }
        }

        private static String shapeText(TensorShapeProto s) {
            List<String> parts = new ArrayList<>();
            for (TensorShapeProto.Dimension d : s.getDimList()) {
                parts.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
            }
            return "[" + String.join(", ", parts) + "]";
        }

        /** A second output: {@code ArgMax} of the network's output, then {@code Gather} over class names (or {@code Cast}). */
        private void labelHead(String output) {
            NodeProto argMax = null;
            for (NodeProto n : g.consumers(cur)) {
                if (n.getOpType().equals("ArgMax")) {
                    argMax = n;
                }
            }
            if (argMax == null) {
                throw new OnnxFormatException("output '" + output + "' is not computed from the network's output '" + cur
                        + "'; expected a label output (ArgMax, then Gather over class names)");
            }
            long axis = OnnxNodes.intAttr(argMax, "axis", 0);
            if (axis != 1 && axis != -1) {
                throw new OnnxFormatException(OnnxNodes.describe(argMax) + ": expected ArgMax over axis 1");
            }
            visited.add(argMax);
            String value = argMax.getOutput(0);
            while (!value.equals(output)) {
                List<NodeProto> cs = g.consumers(value);
                if (cs.size() != 1) {
                    throw new OnnxFormatException("output '" + output + "' is not computed from the network's output '" + cur + "'");
                }
                NodeProto n = cs.get(0);
                visited.add(n);
                if (n.getOpType().equals("Gather") && n.getInputCount() == 2 && n.getInput(1).equals(value)
                        && g.hasConstant(n.getInput(0))) {
                    labelClasses = g.strings(n.getInput(0));
                } else if (!n.getOpType().equals("Cast") && !n.getOpType().equals("Identity")) {
                    throw new OnnxFormatException(OnnxNodes.describe(n) + ": not supported in the label output '" + output + "'");
                }
                value = n.getOutput(0);
            }
            labelOutput = true;
        }

        private TrainedModel build() {
            closeLayer();
            int inputs = layers.get(0).in;
            NetworkSpec spec = new NetworkSpec(items);
            int outputs = spec.outputWidth();
            OnnxMetadata meta = OnnxMetadata.read(model);
            if (meta.present()) {
                spec = metadataSpec(meta, spec);
            }
            Network network = spec.build(inputs, new Rng(0));
            Map<String, Tensor> state = new LinkedHashMap<>();
            int layer = 0;
            for (int k = 0; k < spec.items().size(); k++) {
                if (spec.items().get(k) instanceof NetworkSpec.DenseItem) {
                    Layer l = layers.get(layer++);
                    state.put("layers." + k + ".weight", Tensor.wrap(l.weight, Shape.of(l.out, l.in)));
                    state.put("layers." + k + ".bias", Tensor.wrap(l.bias, Shape.of(l.out)));
                }
            }
            try {
                network.loadStateDict(state);
            } catch (StateDictException e) {
                throw new OnnxFormatException("weights do not fit the network " + spec + ": " + String.join("; ", e.problems()));
            }
            Task task = options.task() != null ? options.task() : meta.task() != null ? parseTask(meta.task())
                    : labelOutput || head != Head.NONE || spec.outputActivation().kind() != Activation.Kind.ELEMENTWISE
                    ? Task.CLASSIFICATION : Task.REGRESSION;
            List<String> classes = List.of();
            if (task == Task.CLASSIFICATION) {
                classes = meta.classes() != null ? meta.classes() : labelClasses != null ? labelClasses : numbered("", outputs);
                if (classes.size() != outputs) {
                    throw new OnnxFormatException(classes.size() + " class names for " + outputs + " outputs");
                }
            }
            List<String> features = meta.features() != null ? meta.features() : numbered("f", inputs);
            if (features.size() != inputs) {
                throw new OnnxFormatException("metadata backprop.features: " + features.size() + " names for " + inputs + " inputs");
            }
            FeatureScaler scaler = scaler(meta, inputs);
            String loss = meta.loss() != null ? meta.loss() : defaultLoss(task, spec);
            TrainedModel result;
            try {
                result = new TrainedModel(network, task, scaler, features, meta.target() != null ? meta.target() : "target",
                        classes, loss, provenance(meta, task));
            } catch (IllegalArgumentException e) {
                throw new OnnxFormatException(e.getMessage());
            }
            if (meta.weightsSha256() != null && !meta.weightsSha256().equals(result.weightsSha256())) {
                throw new OnnxFormatException("the weights do not match metadata backprop.weightsSha256 (edited after export?)");
            }
            return result;
        }

        /** The exact spec from the metadata, when it describes the same network as the graph. */
        private NetworkSpec metadataSpec(OnnxMetadata meta, NetworkSpec fromGraph) {
            NetworkSpec m;
            try {
                m = NetworkSpec.parse(meta.spec());
            } catch (IllegalArgumentException e) {
                throw new OnnxFormatException("metadata backprop.spec: " + e.getMessage());
            }
            boolean same = m.items().size() == fromGraph.items().size();
            for (int k = 0; same && k < m.items().size(); k++) {
                NetworkSpec.Item a = m.items().get(k);
                NetworkSpec.Item b = fromGraph.items().get(k);
                boolean last = k == m.items().size() - 1;
                if (a instanceof NetworkSpec.DropoutItem && b instanceof NetworkSpec.DropoutItem) {
                    same = (float) ((NetworkSpec.DropoutItem) a).probability() == (float) ((NetworkSpec.DropoutItem) b).probability();
                } else if (a instanceof NetworkSpec.DenseItem && b instanceof NetworkSpec.DenseItem) {
                    NetworkSpec.DenseItem da = (NetworkSpec.DenseItem) a;
                    NetworkSpec.DenseItem db = (NetworkSpec.DenseItem) b;
                    same = da.width() == db.width() && (sameActivation(da.activation(), db.activation())
                            || last && da.activation().name().equals("identity") && db.activation().kind() == Activation.Kind.SOFTMAX
                            && "classification".equals(meta.task()));
                } else {
                    same = false;
                }
            }
            if (!same) {
                throw new OnnxFormatException("metadata backprop.spec '" + m + "' does not describe the graph ('" + fromGraph + "')");
            }
            return m;
        }

        private static boolean sameActivation(Activation a, Activation b) {
            return OnnxActivations.decimal(parameter(a)) == OnnxActivations.decimal(parameter(b)) && a.name().equals(b.name());
        }

        private static double parameter(Activation a) {
            String s = a.toString();
            int open = s.indexOf('(');
            return open < 0 ? 0 : Double.parseDouble(s.substring(open + 1, s.length() - 1));
        }

        private FeatureScaler scaler(OnnxMetadata meta, int inputs) {
            double[] o = expand(offset, inputs);
            double[] s = expand(scale, inputs);
            boolean identity = true;
            for (int j = 0; j < inputs; j++) {
                identity &= o[j] == 0 && s[j] == 1;
            }
            Scaling kind = identity ? Scaling.NONE : Scaling.AFFINE;
            if (meta.scaling() != null) {
                try {
                    kind = Scaling.parse(meta.scaling());
                } catch (IllegalArgumentException e) {
                    throw new OnnxFormatException("metadata backprop.scaling: " + e.getMessage());
                }
            }
            return new FeatureScaler(kind, o, s);
        }

        private static String defaultLoss(Task task, NetworkSpec spec) {
            try {
                return TrainingDefaults.loss(null, task, spec).name();
            } catch (IllegalArgumentException e) {
                return "unknown";
            }
        }

        private static Task parseTask(String text) {
            try {
                return Task.parse(text);
            } catch (IllegalArgumentException e) {
                throw new OnnxFormatException("metadata backprop.task: " + e.getMessage());
            }
        }

        private Provenance provenance(OnnxMetadata meta, Task task) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("importedFrom", Path.of(source).getFileName() == null ? source : Path.of(source).getFileName().toString());
            settings.put("onnxProducer", (model.getProducerName() + " " + model.getProducerVersion()).trim());
            settings.put("onnxOpset", (long) opset);
            settings.put("onnxIrVersion", model.getIrVersion());
            Map<String, Object> original = meta.provenance();
            String dataset = "unknown (imported from ONNX)";
            String fingerprint = "none";
            long seed = 0;
            if (original != null) {
                settings.put("trainedWith", "backprop " + original.get("libraryVersion"));
                settings.put("trainedAt", String.valueOf(original.get("createdAt")));
                dataset = original.get("datasetName") instanceof String ? (String) original.get("datasetName") : dataset;
                fingerprint = original.get("datasetFingerprint") instanceof String ? (String) original.get("datasetFingerprint")
                        : fingerprint;
                seed = original.get("seed") instanceof Long ? (Long) original.get("seed") : 0;
            }
            return new Provenance(Provenance.LIBRARY_VERSION, System.getProperty("java.version"), seed, settings, dataset,
                    fingerprint, 0, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "onnx-import");
        }

        private static List<String> numbered(String prefix, int n) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(prefix + i);
            }
            return out;
        }
    }
}
