package org.backprop.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.model.Provenance;
import org.backprop.model.TrainedModel;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.nn.StateDictException;
import org.backprop.random.Rng;
import org.backprop.tensor.Bytes;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * The model file: one self-describing UTF-8 JSON document.
 *
 * <pre>
 * {
 *   "format": "backprop-model", "formatVersion": 1,
 *   "task": "classification",
 *   "architecture": {"inputs": 64, "spec": "128 relu, 64 relu, 10 softmax", "loss": "cross-entropy"},
 *   "features": {"names": [...], "scaling": {"kind": "standard", "offset": [...], "scale": [...]}},
 *   "target": {"name": "digit", "classes": ["0", ..., "9"]},
 *   "weights": {"dtype": "float32", "byteOrder": "little-endian", "sha256": "…",
 *               "tensors": [{"name": "layers.0.weight", "shape": [128, 64], "data": "base64…"}, ...]},
 *   "provenance": {"libraryVersion": …, "javaVersion": …, "seed": …, "settings": {…},
 *                  "datasetName": …, "datasetFingerprint": …, "trainingSeconds": …, "createdAt": …, "engine": …},
 *   "checksum": {"algorithm": "SHA-256", "value": "…"}
 * }
 * </pre>
 *
 * <p>Weights are the raw float32 values, little-endian, base64-encoded: exact, and about a third
 * larger than binary. {@code weights.sha256} is {@link TrainedModel#weightsSha256(Map)} (weights
 * alone); {@code checksum} is a SHA-256 of the document's compact JSON form without the checksum
 * member, so any edit or truncation is caught.
 *
 * <p><b>Compatibility</b>: this version reads every {@code formatVersion} up to
 * {@link #FORMAT_VERSION}; a later version must keep reading version 1 (a frozen version-1 file is
 * in the tests). Loading checks everything and reports all problems at once
 * ({@link ModelFileException}). Saving writes a temporary file beside the target and renames it
 * atomically, so an interrupted save never leaves a half-written model.
 *
 * <p><b>Threads</b>: stateless and thread-safe; two threads writing the same path at once each
 * write whole files (the later rename wins), never a mix.
 */
public final class ModelFile {
    /** The {@code format} member's value. */
    public static final String FORMAT = "backprop-model";
    /** The format version this library writes. */
    public static final int FORMAT_VERSION = 1;

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file} atomically (temporary file in the same directory, then rename).
     *
     * @throws IOException if it cannot be written; {@code file} is then untouched
     * @param model the model to save
     * @param file  where to write it (replaced atomically)
     */
    public static void write(TrainedModel model, Path file) throws IOException {
        String json;
        try {
            json = toJson(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the model cannot be saved: " + e.getMessage(), e);
        }
        AtomicFiles.writeString(file, json);
    }

    /**
     * The model as the JSON document described above.
     *
     * @param model the model
     * @return the model file's text (JSON)
     */
    public static String toJson(TrainedModel model) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("formatVersion", (long) FORMAT_VERSION);
        doc.put("task", model.task().label());
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("inputs", (long) model.network().inputs());
        arch.put("spec", model.network().spec().toString());
        arch.put("loss", model.lossName());
        doc.put("architecture", arch);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("names", model.featureNames());
        Map<String, Object> scaling = new LinkedHashMap<>();
        scaling.put("kind", model.scaler().kind().label());
        scaling.put("offset", model.scaler().offset());
        scaling.put("scale", model.scaler().scale());
        features.put("scaling", scaling);
        doc.put("features", features);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", model.targetName());
        target.put("classes", model.classNames());
        doc.put("target", target);
        Map<String, Tensor> state = model.network().stateDict();
        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("dtype", "float32");
        weights.put("byteOrder", "little-endian");
        weights.put("sha256", TrainedModel.weightsSha256(state));
        List<Object> tensors = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", e.getKey());
            t.put("shape", e.getValue().shape().dims());
            t.put("data", encode(e.getValue().toFloatArray()));
            tensors.add(t);
        }
        weights.put("tensors", tensors);
        doc.put("weights", weights);
        doc.put("provenance", model.provenance().toMap());
        Map<String, Object> checksum = new LinkedHashMap<>();
        checksum.put("algorithm", "SHA-256");
        checksum.put("value", sha256(Json.write(doc)));
        doc.put("checksum", checksum);
        return Json.writePretty(doc);
    }

    /**
     * Reads and validates a model file.
     *
     * @throws IOException         if it cannot be read
     * @throws ModelFileException  listing every problem found
     * @param file the model file
     * @return the model, checked
     */
    public static TrainedModel read(Path file) throws IOException {
        long size = Files.size(file);
        long max = maxFileBytes();
        if (size > max) {
            throw new ModelFileException(file.toString(), List.of("the file has " + size + " bytes, more than the " + max
                    + " a model file may have here (an eighth of the Java heap, -Xmx)"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFileException(file.toString(), List.of("not UTF-8 text (a model file is UTF-8 JSON)"));
        }
        return fromJson(text, file.toString());
    }

    /**
     * The largest model file read: an eighth of the Java heap (its text, parsed form and weights
     * all fit then).
     *
     * @return the largest model file read, in bytes
     */
    public static long maxFileBytes() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /**
     * Reads and validates a model document.
     *
     * @param source the file name, for messages
     * @throws ModelFileException listing every problem found
     * @param text   the model file's text
     * @return the model, checked
     */
    public static TrainedModel fromJson(String text, String source) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new ModelFileException(source, List.of("not JSON: " + e.getMessage()));
        }
        if (!(parsed instanceof Map)) {
            throw new ModelFileException(source, List.of("expected a JSON object at the top"));
        }
        return new Reader(source, asMap(parsed)).read();
    }

    /** Collects problems while reading; throws them all at the end. */
    private static final class Reader {
        private final String source;
        private final Map<String, Object> doc;
        private final List<String> problems = new ArrayList<>();

        Reader(String source, Map<String, Object> doc) {
            this.source = source;
            this.doc = doc;
        }

        TrainedModel read() {
            String format = string(doc, "format");
            if (format != null && !format.equals(FORMAT)) {
                problems.add("format: expected \"" + FORMAT + "\", got \"" + format + "\"");
            }
            Long version = integer(doc, "formatVersion");
            if (version != null && (version < 1 || version > FORMAT_VERSION)) {
                problems.add("formatVersion: " + version + " is not supported (this version reads 1 … " + FORMAT_VERSION
                        + (version > FORMAT_VERSION ? "; the file was written by a newer Backprop" : "") + ")");
            }
            if (format == null || !format.equals(FORMAT) || version == null || version > FORMAT_VERSION) {
                throw fail();
            }
            checkChecksum();
            Task task = null;
            String taskText = string(doc, "task");
            if (taskText != null) {
                try {
                    task = Task.parse(taskText);
                } catch (IllegalArgumentException e) {
                    problems.add("task: " + e.getMessage());
                }
                if (task == null && problems.isEmpty()) {
                    problems.add("task: expected classification or regression, got \"" + taskText + "\"");
                }
            }
            Map<String, Object> arch = object(doc, "architecture");
            Long inputs = arch == null ? null : integer(arch, "architecture.inputs", "inputs");
            if (inputs != null && (inputs < 1 || inputs > NetworkSpec.MAX_LAYER_WEIGHTS)) {
                problems.add("architecture.inputs: must be 1 to " + NetworkSpec.MAX_LAYER_WEIGHTS + ", got " + inputs);
                inputs = null;
            }
            NetworkSpec spec = null;
            String specText = arch == null ? null : string(arch, "architecture.spec", "spec");
            if (specText != null) {
                try {
                    spec = NetworkSpec.parse(specText);
                } catch (IllegalArgumentException e) {
                    problems.add("architecture.spec: " + e.getMessage());
                }
            }
            String loss = arch == null ? null : string(arch, "architecture.loss", "loss");
            Map<String, Object> features = object(doc, "features");
            List<String> featureNames = features == null ? null : strings(features, "features.names", "names");
            if (featureNames != null && inputs != null && featureNames.size() != inputs) {
                problems.add("features.names: " + featureNames.size() + " names for " + inputs + " inputs");
            }
            FeatureScaler scaler = features == null ? null : scaler(features, inputs);
            Map<String, Object> target = object(doc, "target");
            String targetName = target == null ? null : string(target, "target.name", "name");
            List<String> classes = target == null ? null : strings(target, "target.classes", "classes");
            if (task == Task.CLASSIFICATION && classes != null && spec != null && classes.size() != spec.outputWidth()) {
                problems.add("target.classes: " + classes.size() + " classes for " + spec.outputWidth() + " outputs");
            }
            Map<String, Tensor> weights = weights();
            Provenance provenance = provenance();
            Network network = null;
            if (spec != null && inputs != null && weights != null) {
                long needed = spec.parameterCount(inputs);
                long held = 0;
                for (Tensor t : weights.values()) {
                    held += t.size();
                }
                if (needed > Math.max(2 * held, 1 << 20)) {
                    // checked before building: a spec asking for a huge network never allocates it
                    problems.add("architecture: the spec needs " + needed + " parameters for " + inputs
                            + " inputs, but the weights hold only " + held + " values (nothing was allocated for it)");
                    spec = null;
                }
            }
            if (spec != null && inputs != null && weights != null) {
                network = spec.build((int) (long) inputs, new Rng(0));
                if (weights != null) {
                    try {
                        network.loadStateDict(weights);
                    } catch (StateDictException e) {
                        for (String p : e.problems()) {
                            problems.add("weights: " + p);
                        }
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw fail();
            }
            try {
                return new TrainedModel(network, task, scaler, featureNames, targetName, classes, loss, provenance);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                throw fail();
            }
        }

        private void checkChecksum() {
            Map<String, Object> checksum = object(doc, "checksum");
            if (checksum == null) {
                return;
            }
            String algorithm = string(checksum, "checksum.algorithm", "algorithm");
            String value = string(checksum, "checksum.value", "value");
            if (algorithm != null && !algorithm.equals("SHA-256")) {
                problems.add("checksum.algorithm: expected SHA-256, got " + algorithm);
            } else if (value != null) {
                Map<String, Object> rest = new LinkedHashMap<>(doc);
                rest.remove("checksum");
                String actual = sha256(Json.write(rest));
                if (!actual.equals(value)) {
                    problems.add("checksum: the content's SHA-256 is " + actual + " but the file says " + value
                            + " (the file was changed or damaged after it was written)");
                }
            }
        }

        private FeatureScaler scaler(Map<String, Object> features, Long inputs) {
            Map<String, Object> s = object(features, "features.scaling", "scaling");
            if (s == null) {
                return null;
            }
            Scaling kind = null;
            String kindText = string(s, "features.scaling.kind", "kind");
            if (kindText != null) {
                try {
                    kind = Scaling.parse(kindText);
                } catch (IllegalArgumentException e) {
                    problems.add("features.scaling.kind: " + e.getMessage());
                }
            }
            double[] offset = numbers(s, "features.scaling.offset", "offset", inputs);
            double[] scale = numbers(s, "features.scaling.scale", "scale", inputs);
            if (kind == null || offset == null || scale == null || offset.length != scale.length) {
                return null;
            }
            try {
                return new FeatureScaler(kind, offset, scale);
            } catch (IllegalArgumentException e) {
                problems.add("features.scaling: " + e.getMessage());
                return null;
            }
        }

        private Map<String, Tensor> weights() {
            Map<String, Object> w = object(doc, "weights");
            if (w == null) {
                return null;
            }
            String dtype = string(w, "weights.dtype", "dtype");
            if (dtype != null && !dtype.equals("float32")) {
                problems.add("weights.dtype: expected float32, got " + dtype);
            }
            String order = string(w, "weights.byteOrder", "byteOrder");
            if (order != null && !order.equals("little-endian")) {
                problems.add("weights.byteOrder: expected little-endian, got " + order);
            }
            String expectedSha = string(w, "weights.sha256", "sha256");
            Object list = w.get("tensors");
            if (!(list instanceof List)) {
                problems.add("weights.tensors: " + (list == null ? "missing" : "expected an array"));
                return null;
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            int i = 0;
            boolean ok = true;
            for (Object o : (List<?>) list) {
                String where = "weights.tensors[" + i++ + "]";
                if (!(o instanceof Map)) {
                    problems.add(where + ": expected an object");
                    ok = false;
                    continue;
                }
                Map<String, Object> t = asMap(o);
                String name = string(t, where + ".name", "name");
                if (name != null) {
                    where = "weights '" + name + "'";
                }
                int[] shape = shape(t, where);
                String data = string(t, where + ".data", "data");
                if (name == null || shape == null || data == null) {
                    ok = false;
                    continue;
                }
                float[] values = decode(data, where, Shape.of(shape).size());
                if (values == null) {
                    ok = false;
                    continue;
                }
                out.put(name, Tensor.wrap(values, Shape.of(shape)));
            }
            if (ok && expectedSha != null) {
                String actual = TrainedModel.weightsSha256(out);
                if (!actual.equals(expectedSha)) {
                    problems.add("weights.sha256: the weights hash to " + actual + " but the file says " + expectedSha);
                }
            }
            return ok ? out : null;
        }

        private int[] shape(Map<String, Object> t, String where) {
            Object s = t.get("shape");
            if (!(s instanceof List)) {
                problems.add(where + ".shape: " + (s == null ? "missing" : "expected an array of sizes"));
                return null;
            }
            List<?> l = (List<?>) s;
            if (l.size() > 8) {
                problems.add(where + ".shape: " + l.size() + " dimensions, expected at most 8");
                return null;
            }
            int[] dims = new int[l.size()];
            long elements = 1;
            for (int k = 0; k < dims.length; k++) {
                if (!(l.get(k) instanceof Long) || (Long) l.get(k) < 1 || (Long) l.get(k) > Integer.MAX_VALUE) {
                    problems.add(where + ".shape: expected positive whole numbers, got "
                            + org.backprop.data.DataFormatException.shorten(l.toString()));
                    return null;
                }
                dims[k] = (int) (long) (Long) l.get(k);
                elements *= dims[k];
                if (elements > NetworkSpec.MAX_LAYER_WEIGHTS) {
                    problems.add(where + ".shape: more than " + NetworkSpec.MAX_LAYER_WEIGHTS + " elements");
                    return null;
                }
            }
            return dims;
        }

        private float[] decode(String data, String where, int expected) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                problems.add(where + ".data: not base64 (" + e.getMessage() + ")");
                return null;
            }
            if (bytes.length != 4L * expected) {
                problems.add(where + ".data: " + bytes.length + " bytes, expected " + 4L * expected + " (" + expected
                        + " float32 values for its shape)");
                return null;
            }
            float[] v = new float[expected];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k])) {
                    problems.add(where + ".data: value " + k + " is " + v[k]);
                    return null;
                }
            }
            return v;
        }

        private Provenance provenance() {
            Map<String, Object> p = object(doc, "provenance");
            if (p == null) {
                return null;
            }
            Object settings = p.get("settings");
            Object seed = p.get("seed");
            Object secs = p.get("trainingSeconds");
            return new Provenance(text(p.get("libraryVersion")), text(p.get("javaVersion")),
                    seed instanceof Long ? (Long) seed : 0, settings instanceof Map ? asMap(settings) : Map.of(),
                    text(p.get("datasetName")), text(p.get("datasetFingerprint")),
                    secs instanceof Number ? ((Number) secs).doubleValue() : 0, text(p.get("createdAt")),
                    text(p.get("engine")));
        }

        private static String text(Object o) {
            return o == null ? "" : o.toString();
        }

        private Map<String, Object> object(Map<String, Object> m, String key) {
            return object(m, key, key);
        }

        private Map<String, Object> object(Map<String, Object> m, String path, String key) {
            Object o = m.get(key);
            if (!(o instanceof Map)) {
                problems.add(path + ": " + (o == null ? "missing" : "expected an object"));
                return null;
            }
            return asMap(o);
        }

        private String string(Map<String, Object> m, String key) {
            return string(m, key, key);
        }

        private String string(Map<String, Object> m, String path, String key) {
            Object o = m.get(key);
            if (!(o instanceof String)) {
                problems.add(path + ": " + (o == null ? "missing" : "expected a string"));
                return null;
            }
            return (String) o;
        }

        private Long integer(Map<String, Object> m, String key) {
            return integer(m, key, key);
        }

        private Long integer(Map<String, Object> m, String path, String key) {
            Object o = m.get(key);
            if (!(o instanceof Long)) {
                problems.add(path + ": " + (o == null ? "missing" : "expected a whole number"));
                return null;
            }
            return (Long) o;
        }

        private List<String> strings(Map<String, Object> m, String path, String key) {
            Object o = m.get(key);
            if (!(o instanceof List)) {
                problems.add(path + ": " + (o == null ? "missing" : "expected an array of strings"));
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Object e : (List<?>) o) {
                if (!(e instanceof String)) {
                    problems.add(path + ": expected an array of strings, found " + e);
                    return null;
                }
                out.add((String) e);
            }
            return out;
        }

        private double[] numbers(Map<String, Object> m, String path, String key, Long expected) {
            Object o = m.get(key);
            if (!(o instanceof List)) {
                problems.add(path + ": " + (o == null ? "missing" : "expected an array of numbers"));
                return null;
            }
            List<?> l = (List<?>) o;
            if (expected != null && l.size() != expected) {
                problems.add(path + ": " + l.size() + " numbers for " + expected + " inputs");
                return null;
            }
            double[] out = new double[l.size()];
            for (int k = 0; k < out.length; k++) {
                if (!(l.get(k) instanceof Number)) {
                    problems.add(path + ": element " + k + " is not a number");
                    return null;
                }
                out[k] = ((Number) l.get(k)).doubleValue();
            }
            return out;
        }

        private ModelFileException fail() {
            return new ModelFileException(source, problems);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static String encode(float[] values) {
        return Base64.getEncoder().encodeToString(Bytes.littleEndian(values));
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(Bytes.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
