package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.io.Json;
import org.backprop.model.TrainedModel;

/**
 * What a Backprop model holds beyond the graph, as ONNX {@code metadata_props} (strings; lists and
 * maps as JSON):
 *
 * <pre>
 *   backprop.task           classification | regression
 *   backprop.spec           the one-line network spec, exact (activation parameters in full precision)
 *   backprop.loss           the loss it was trained with
 *   backprop.scaling        none | standard | minmax | affine
 *   backprop.features       ["x1", …]   the input columns, in order
 *   backprop.target         the target column's name
 *   backprop.classes        ["setosa", …]   class names in output order (classification)
 *   backprop.weightsSha256  the weights' SHA-256 ({@link TrainedModel#weightsSha256()})
 *   backprop.provenance     the model's provenance, as in a model file
 * </pre>
 *
 * @param task          {@code backprop.task}, or {@code null} when absent (and likewise below)
 * @param spec          {@code backprop.spec}
 * @param loss          {@code backprop.loss}
 * @param scaling       {@code backprop.scaling}
 * @param features      {@code backprop.features}
 * @param target        {@code backprop.target}
 * @param classes       {@code backprop.classes}
 * @param weightsSha256 {@code backprop.weightsSha256}
 * @param provenance    {@code backprop.provenance}
 */
record OnnxMetadata(String task, String spec, String loss, String scaling, List<String> features, String target,
                    List<String> classes, String weightsSha256, Map<String, Object> provenance) {
    private static final String PREFIX = "backprop.";
    /** The longest metadata value read (one JSON list of names, one provenance). */
    static final int MAX_VALUE_CHARS = 1 << 22;
    /** The deepest JSON nesting read (the parser recurses). */
    static final int MAX_DEPTH = 32;

    /** Adds {@code model}'s metadata to {@code m}. */
    static void write(TrainedModel model, ModelProto.Builder m) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("task", model.task().label());
        props.put("spec", model.network().spec().toString());
        props.put("loss", model.lossName());
        props.put("scaling", model.scaler().kind().label());
        props.put("features", Json.write(model.featureNames()));
        props.put("target", model.targetName());
        props.put("classes", Json.write(model.classNames()));
        props.put("weightsSha256", model.weightsSha256());
        props.put("provenance", Json.write(model.provenance().toMap()));
        props.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(PREFIX + k).setValue(v)));
    }

    /**
     * Reads the {@code backprop.*} entries of {@code m} (all {@code null} for a model from elsewhere).
     *
     * @throws OnnxFormatException for an entry that is too long or not the JSON it should be
     */
    static OnnxMetadata read(ModelProto m) {
        Map<String, String> props = new LinkedHashMap<>();
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            if (e.getKey().startsWith(PREFIX)) {
                if (e.getValue().length() > MAX_VALUE_CHARS) {
                    throw new OnnxFormatException("metadata " + e.getKey() + ": " + e.getValue().length()
                            + " characters, above the limit of " + MAX_VALUE_CHARS);
                }
                props.put(e.getKey().substring(PREFIX.length()), e.getValue());
            }
        }
        return new OnnxMetadata(props.get("task"), props.get("spec"), props.get("loss"), props.get("scaling"),
                stringList(props, "features"), props.get("target"), stringList(props, "classes"),
                props.get("weightsSha256"), map(props, "provenance"));
    }

    /** Whether the file carries Backprop's metadata at all. */
    boolean present() {
        return spec != null;
    }

    private static List<String> stringList(Map<String, String> props, String key) {
        String v = props.get(key);
        if (v == null) {
            return null;
        }
        Object parsed = parse(key, v);
        if (!(parsed instanceof List)) {
            throw new OnnxFormatException("metadata " + PREFIX + key + ": expected a JSON list of names");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) parsed) {
            if (!(o instanceof String)) {
                throw new OnnxFormatException("metadata " + PREFIX + key + ": expected a JSON list of names, found " + o);
            }
            out.add((String) o);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, String> props, String key) {
        String v = props.get(key);
        if (v == null) {
            return null;
        }
        Object parsed = parse(key, v);
        if (!(parsed instanceof Map)) {
            throw new OnnxFormatException("metadata " + PREFIX + key + ": expected a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    /** The deepest nesting of brackets and braces outside strings. */
    private static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    private static Object parse(String key, String v) {
        if (depth(v) > MAX_DEPTH) {
            throw new OnnxFormatException("metadata " + PREFIX + key + ": JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return Json.parse(v);
        } catch (Json.ParseException e) {
            throw new OnnxFormatException("metadata " + PREFIX + key + ": not JSON: " + e.getMessage());
        }
    }
}
