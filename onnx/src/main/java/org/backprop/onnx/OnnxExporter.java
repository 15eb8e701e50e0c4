package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Task;
import org.backprop.io.AtomicFiles;
import org.backprop.nn.Activation;
import org.backprop.nn.Dense;
import org.backprop.nn.Dropout;
import org.backprop.nn.Module;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;

/**
 * Writes a {@link TrainedModel} as an ONNX model that takes raw feature rows.
 *
 * <p>The graph, for input {@code features} {@code [N, F]} (float32, {@code N} dynamic):
 * <ol>
 *   <li>the feature scaler {@code x' = (x − offset) / scale} as {@code Cast(double) → Sub(offset) →
 *       Div(scale) → Cast(float)}: computed in float64 with the float64 offsets and scales, exactly as
 *       Backprop computes it (left out when the scaling is {@code none});</li>
 *   <li>per dense layer {@code K}: {@code Gemm(x, layers.K.weight, layers.K.bias, transB=1)}, i.e.
 *       {@code z = x·Wᵀ + b} with {@code W} stored {@code [out, in]}, then its activation
 *       ({@link OnnxActivations}); a dropout layer is a {@code Dropout} node (identity at inference);</li>
 *   <li>classification: output {@code probabilities} {@code [N, C]} (a softmax output as it is, a
 *       log-softmax output through {@code Exp}, any other output through a {@code Softmax}), and output
 *       {@code label} {@code [N]}: the class name of the most probable class
 *       ({@code ArgMax → Gather} over the class names); regression: output {@code values} {@code [N, k]}.</li>
 * </ol>
 * Parameter initializers keep Backprop's names ({@code layers.0.weight}, …). The model's metadata
 * ({@link OnnxMetadata}) holds the task, spec, feature and class names, scaling, loss, weightsSha256
 * and provenance, so that {@link OnnxImporter} gives back the same model.
 *
 * <p>Stateless: any number of threads may export at once, as long as no thread changes the model
 * being exported (its parameters are read while the initializers are written).
 */
public final class OnnxExporter {
    /** The opset written when none is asked for: ONNX 1.12's, run by ONNX Runtime 1.12 and later. */
    public static final int DEFAULT_OPSET = 17;
    /** The lowest opset written. */
    public static final int MIN_OPSET = 13;
    /** The highest opset written (ONNX 1.16; ONNX Runtime 1.20 runs it). */
    public static final int MAX_OPSET = 21;
    /** The name of the graph's input. */
    public static final String INPUT = "features";
    /** Classification output: class probabilities {@code [N, C]}. */
    public static final String PROBABILITIES = "probabilities";
    /** Classification output: the predicted class name {@code [N]}. */
    public static final String LABEL = "label";
    /** Regression output: values {@code [N, k]}. */
    public static final String VALUES = "values";

    private OnnxExporter() {
    }

    /**
     * Writes {@code model} to {@code file} atomically (temporary file, then rename).
     *
     * @param model the model to write; read, not changed
     * @param file  the {@code .onnx} file to create or replace
     * @param opset the default-domain ONNX opset to write, {@value #MIN_OPSET} … {@value #MAX_OPSET}
     *              ({@link #DEFAULT_OPSET} suits ONNX Runtime 1.12 and later)
     * @throws IllegalArgumentException if {@code opset} is outside {@value #MIN_OPSET} … {@value #MAX_OPSET},
     *                                  or an activation of the model has no ONNX operator
     * @throws IOException              if it cannot be written; {@code file} is then untouched
     */
    public static void write(TrainedModel model, Path file, int opset) throws IOException {
        AtomicFiles.write(file, toOnnx(model, opset).toByteArray());
    }

    /**
     * The model as an ONNX {@code ModelProto}.
     *
     * @param model the model to convert; read, not changed (the initializers are copies of its weights)
     * @param opset the default-domain ONNX opset to write, {@value #MIN_OPSET} … {@value #MAX_OPSET}
     * @return a new, complete {@code ModelProto}: the graph described in the class comment and the
     *         model's metadata
     * @throws IllegalArgumentException if {@code opset} is outside {@value #MIN_OPSET} … {@value #MAX_OPSET},
     *                                  or an activation of the model has no ONNX operator
     */
    public static ModelProto toOnnx(TrainedModel model, int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset + " is not supported; expected " + MIN_OPSET + " … "
                    + MAX_OPSET + " (default " + DEFAULT_OPSET + ")");
        }
        int features = model.network().inputs();
        GraphProto.Builder g = GraphProto.newBuilder().setName("backprop")
                .setDocString("Backprop network " + model.network().spec() + " on " + features + " raw features");
        g.addInput(valueInfo(INPUT, DataType.FLOAT_VALUE, "N", features));
        String x = scaler(model.scaler(), INPUT, g);

        List<Module> layers = model.network().layers().layers();
        boolean classification = model.task() == Task.CLASSIFICATION;
        String finalName = classification ? PROBABILITIES : VALUES;
        for (int k = 0; k < layers.size(); k++) {
            Module m = layers.get(k);
            String p = "layers." + k;
            boolean last = k == layers.size() - 1;
            if (m instanceof Dropout) {
                g.addInitializer(OnnxTensors.floats(p + ".ratio", new float[] {(float) ((Dropout) m).probability()}));
                g.addNode(OnnxNodes.node("Dropout", p, List.of(x, p + ".ratio"), p + ".output"));
                x = p + ".output";
                continue;
            }
            Dense d = (Dense) m;
            int out = d.config().outFeatures();
            int in = d.config().inFeatures();
            g.addInitializer(OnnxTensors.floats(p + ".weight", d.weight().value().toFloatArray(), out, in));
            float[] bias = d.bias() == null ? new float[out] : d.bias().value().toFloatArray();
            g.addInitializer(OnnxTensors.floats(p + ".bias", bias, out));
            Activation a = d.activation();
            boolean plain = a.kind() == Activation.Kind.ELEMENTWISE && a.name().equals("identity");
            boolean headNeeded = last && classification && a.kind() != Activation.Kind.SOFTMAX;
            String z = last && plain && !headNeeded ? finalName : p + ".z";
            g.addNode(OnnxNodes.node("Gemm", p, List.of(x, p + ".weight", p + ".bias"), z)
                    .addAttribute(OnnxNodes.intAttr("transB", 1)));
            x = z;
            if (!plain) {
                String act = last && !headNeeded ? finalName : p + ".output";
                OnnxActivations.export(a, x, act, p + ".activation", opset, g);
                x = act;
            }
        }
        if (classification) {
            Activation out = model.network().spec().outputActivation();
            if (out.kind() == Activation.Kind.LOG_SOFTMAX) {
                g.addNode(OnnxNodes.node("Exp", "probabilities", List.of(x), PROBABILITIES));
            } else if (out.kind() != Activation.Kind.SOFTMAX) {
                g.addNode(OnnxNodes.node("Softmax", "probabilities", List.of(x), PROBABILITIES)
                        .addAttribute(OnnxNodes.intAttr("axis", 1)));
            }
            g.addInitializer(OnnxTensors.strings("classes", model.classNames()));
            g.addNode(OnnxNodes.node("ArgMax", "label.index", List.of(PROBABILITIES), "label.index")
                    .addAttribute(OnnxNodes.intAttr("axis", 1)).addAttribute(OnnxNodes.intAttr("keepdims", 0)));
            g.addNode(OnnxNodes.node("Gather", "label", List.of("classes", "label.index"), LABEL)
                    .addAttribute(OnnxNodes.intAttr("axis", 0)));
            g.addOutput(valueInfo(PROBABILITIES, DataType.FLOAT_VALUE, "N", model.network().outputs()));
            g.addOutput(valueInfo(LABEL, DataType.STRING_VALUE, "N"));
        } else {
            g.addOutput(valueInfo(VALUES, DataType.FLOAT_VALUE, "N", model.network().outputs()));
        }
        ModelProto.Builder mp = ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName("backprop")
                .setProducerVersion(Provenance.LIBRARY_VERSION)
                .setDomain("org.backprop")
                .setModelVersion(1)
                .setDocString("Exported by Backprop from a " + model.task().label() + " model; input '" + INPUT
                        + "' takes raw feature rows (" + String.join(", ", model.featureNames()) + ")")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g);
        OnnxMetadata.write(model, mp);
        return mp.build();
    }

    /**
     * The IR version that goes with {@code opset}: 7 for opsets 13–14, 8 for 15–18, 9 for 19–20,
     * 10 for 21 (the ONNX releases that introduced them).
     */
    static int irVersion(int opset) {
        return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }

    /** Appends the scaler's nodes (none for the identity) and returns the scaled value's name. */
    private static String scaler(FeatureScaler s, String input, GraphProto.Builder g) {
        double[] offset = s.offset();
        double[] scale = s.scale();
        double[] zeros = new double[offset.length];
        double[] ones = new double[scale.length];
        Arrays.fill(ones, 1);
        if (Arrays.equals(offset, zeros) && Arrays.equals(scale, ones)) {
            return input;
        }
        long f = offset.length;
        g.addInitializer(OnnxTensors.doubles("scaler.offset", offset, f));
        g.addInitializer(OnnxTensors.doubles("scaler.scale", scale, f));
        g.addNode(OnnxNodes.node("Cast", "scaler.to_double", List.of(input), "scaler.input")
                .addAttribute(OnnxNodes.intAttr("to", DataType.DOUBLE_VALUE)));
        g.addNode(OnnxNodes.node("Sub", "scaler.sub", List.of("scaler.input", "scaler.offset"), "scaler.centred"));
        g.addNode(OnnxNodes.node("Div", "scaler.div", List.of("scaler.centred", "scaler.scale"), "scaler.scaled"));
        g.addNode(OnnxNodes.node("Cast", "scaler.to_float", List.of("scaler.scaled"), "scaler.output")
                .addAttribute(OnnxNodes.intAttr("to", DataType.FLOAT_VALUE)));
        return "scaler.output";
    }

    /** A tensor value description; a {@code String} dimension is symbolic (such as the batch {@code N}). */
    private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String) {
                dim.setDimParam((String) d);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }
}
