package org.backprop.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.backprop.data.Task;
import org.backprop.io.Json;
import org.backprop.model.ModelPredictor;
import org.backprop.model.TrainedModel;

/**
 * What {@code backprop serve} answers, apart from HTTP itself (which {@link ServeCommand} does on the
 * playground's embedded server): one method takes a request's method, path, content type and body
 * and gives the status and JSON to send back.
 *
 * <ul>
 *   <li>{@code POST /predict} with {@code {"rows": [...]}}: each row an array of the model's features in
 *       order ({@code [5.1, 3.5, 1.4, 0.2]}) or an object naming every feature
 *       ({@code {"sepal_length": 5.1, …}}); raw values, the model's stored scaling is applied. The
 *       answer is {@code {"classes": [...], "labels": [...], "probabilities": [[...], ...]}} for
 *       classification, {@code {"values": [[...], ...]}} for regression — computed by
 *       {@link ModelPredictor}, so each number has the bits {@code backprop predict} gives for the same
 *       row, written in Java's {@link Float#toString(float)} form as {@code predict} writes them.</li>
 *   <li>{@code GET /health}: {@code {"status": "ok", "weightsSha256": …}}.</li>
 *   <li>{@code GET /model}: task, features, classes, network, scaling, weightsSha256, provenance and
 *       the server's limits.</li>
 * </ul>
 *
 * A request that cannot be answered gets a 4xx status and {@code {"error": "…", "status": N}} naming
 * what was wrong: 400 (malformed JSON, a row of the wrong width — {@code rows[3]: expected 4 features,
 * got 5} —, a value that is not a number — {@code rows[3][1] (feature 'sepal_width'): expected a
 * number, got the string "abc"}), 404 (unknown path), 405 (wrong method, with {@code Allow}), 413
 * (body or row count over the limit), 415 (not {@code application/json}), 429 (over the rate limit,
 * with {@code Retry-After} in seconds). Every request, of every kind, takes one token of the rate
 * limit ({@link TokenBucket}). An unexpected failure is a 500 with a one-line message, never a stack trace.
 *
 * <p>Thread-safe: one instance answers every request, on any number of threads at once.
 */
final class PredictionService {
    /** The endpoints, for messages. */
    static final String ENDPOINTS = "POST /predict, GET /health, GET /model";

    /**
     * The limits of the service.
     *
     * @param maxRows      rows in one request
     * @param maxBodyBytes the largest request body (enforced by the HTTP server; shown in {@code /model})
     * @param rateLimit    requests per second, over all clients
     * @param burst        requests allowed at once above the rate (the token bucket's size)
     */
    record Limits(int maxRows, int maxBodyBytes, int rateLimit, int burst) {
    }

    /**
     * The answer to one request.
     *
     * @param status  the HTTP status
     * @param json    the body, {@code application/json}
     * @param headers extra response headers ({@code Allow}, {@code Retry-After})
     */
    record Answer(int status, String json, Map<String, String> headers) {
    }

    /** Reads the request body; throws {@link Refusal} when it cannot (too large: 413). */
    @FunctionalInterface
    interface Body {
        /** The body as text. */
        String read();
    }

    /** A request refused with a 4xx status and a message that says why. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Map<String, String> headers;

        Refusal(int status, String message) {
            this(status, message, Map.of());
        }

        Refusal(int status, String message, Map<String, String> headers) {
            super(message, null, false, false);
            this.status = status;
            this.headers = headers;
        }

        int status() {
            return status;
        }
    }

    private final ModelPredictor predictor;
    private final TrainedModel model;
    private final Limits limits;
    private final TokenBucket bucket;
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final String modelInfo;
    private final String health;
    private final String classesJson;

    PredictionService(TrainedModel model, Limits limits, LongSupplier clock) {
        this.model = model;
        this.predictor = model.predictor();
        this.limits = limits;
        this.bucket = new TokenBucket(limits.rateLimit(), limits.burst(), clock);
        for (int j = 0; j < model.featureNames().size(); j++) {
            featureIndex.put(model.featureNames().get(j), j);
        }
        this.modelInfo = Json.write(modelInfo(model, limits));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("weightsSha256", model.weightsSha256());
        this.health = Json.write(h);
        this.classesJson = Json.write(model.classNames());
    }

    /** Answers one request; never throws. */
    Answer answer(String method, String path, String contentType, Body body) {
        try {
            long wait = bucket.tryTake();
            if (wait > 0) {
                long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
                throw new Refusal(429, String.format(Locale.ROOT, "too many requests: the server answers at most %d a second "
                        + "(bursts of %d); retry after %d s", limits.rateLimit(), limits.burst(), seconds),
                        Map.of("Retry-After", Long.toString(seconds)));
            }
            switch (path) {
                case "/predict":
                    allow(method, path, "POST");
                    requireJson(contentType);
                    return new Answer(200, predict(body), Map.of());
                case "/health":
                    allow(method, path, "GET");
                    return new Answer(200, health, Map.of());
                case "/model":
                    allow(method, path, "GET");
                    return new Answer(200, modelInfo, Map.of());
                default:
                    throw new Refusal(404, "no such endpoint: " + quote(path) + "; the endpoints are " + ENDPOINTS);
            }
        } catch (Refusal r) {
            return error(r.status, r.getMessage(), r.headers);
        } catch (RuntimeException e) {
            return error(500, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\R", " ")), Map.of());
        }
    }

    private static Answer error(int status, String message, Map<String, String> headers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("status", (long) status);
        return new Answer(status, Json.write(m), headers);
    }

    private static void allow(String method, String path, String allowed) {
        if (!allowed.equals(method)) {
            throw new Refusal(405, "method " + quote(method) + " not allowed on " + path + "; use " + allowed,
                    Map.of("Allow", allowed));
        }
    }

    /** Checks that the body is declared JSON in UTF-8. */
    private static void requireJson(String contentType) {
        if (contentType == null) {
            throw new Refusal(415, "missing Content-Type: send the rows as JSON with 'Content-Type: application/json'");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            throw new Refusal(415, "unsupported media type " + quote(contentType.trim())
                    + ": send the rows as JSON with 'Content-Type: application/json'");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv[0].trim().equalsIgnoreCase("charset") && kv.length == 2
                    && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new Refusal(415, "unsupported charset " + quote(kv[1].trim()) + ": JSON is read as UTF-8");
            }
        }
    }

    private String predict(Body body) {
        Object parsed;
        try {
            parsed = Json.parse(body.read());
        } catch (Json.ParseException e) {
            throw new Refusal(400, "request body is not valid JSON: " + e.getMessage());
        }
        float[][] rows = rows(parsed);
        StringBuilder sb = new StringBuilder(64 + rows.length * predictor.outputs() * 16);
        float[] out = new float[predictor.outputs()];
        boolean classification = model.task() == Task.CLASSIFICATION;
        StringBuilder labels = new StringBuilder();
        sb.append(classification ? "{\"classes\":" + classesJson + ",\"probabilities\":[" : "{\"values\":[");
        for (int i = 0; i < rows.length; i++) {
            int label = predictor.predict(rows[i], out);
            sb.append(i == 0 ? "[" : ",[");
            for (int c = 0; c < out.length; c++) {
                sb.append(c == 0 ? "" : ",");
                float v = out[c];
                if (Float.isFinite(v)) {
                    sb.append(v);
                } else {
                    sb.append("null"); // JSON has no NaN or infinity (a regression output that overflowed)
                }
            }
            sb.append(']');
            if (classification) {
                labels.append(i == 0 ? "" : ",").append(Json.write(model.classNames().get(label)));
            }
        }
        sb.append(']');
        if (classification) {
            sb.append(",\"labels\":[").append(labels).append(']');
        }
        return sb.append('}').toString();
    }

    /** The rows of a request, each checked: an array of the features in order or an object by name. */
    private float[][] rows(Object parsed) {
        if (!(parsed instanceof Map<?, ?> body)) {
            throw new Refusal(400, "request body: expected a JSON object {\"rows\": [...]}, got " + describe(parsed));
        }
        for (Object key : body.keySet()) {
            if (!"rows".equals(key)) {
                throw new Refusal(400, "request body: unknown key " + quote(String.valueOf(key)) + "; expected only \"rows\"");
            }
        }
        if (!body.containsKey("rows")) {
            throw new Refusal(400, "request body: missing \"rows\" (an array of rows)");
        }
        if (!(body.get("rows") instanceof List<?> list)) {
            throw new Refusal(400, "rows: expected an array of rows, got " + describe(body.get("rows")));
        }
        if (list.size() > limits.maxRows()) {
            throw new Refusal(413, "too many rows: " + list.size() + ", at most " + limits.maxRows() + " in one request");
        }
        int f = predictor.inputs();
        float[][] rows = new float[list.size()][];
        for (int i = 0; i < rows.length; i++) {
            Object row = list.get(i);
            float[] x = new float[f];
            if (row instanceof List<?> values) {
                if (values.size() != f) {
                    throw new Refusal(400, "rows[" + i + "]: expected " + f + " features, got " + values.size());
                }
                for (int j = 0; j < f; j++) {
                    x[j] = value(values.get(j), "rows[" + i + "][" + j + "] (feature " + quote(model.featureNames().get(j)) + ")");
                }
            } else if (row instanceof Map<?, ?> named) {
                for (Map.Entry<?, ?> e : named.entrySet()) {
                    if (!featureIndex.containsKey(String.valueOf(e.getKey()))) {
                        throw new Refusal(400, "rows[" + i + "]: unknown feature " + quote(String.valueOf(e.getKey()))
                                + "; the model's features are " + Describe.names(model.featureNames()));
                    }
                }
                for (int j = 0; j < f; j++) {
                    String name = model.featureNames().get(j);
                    if (!named.containsKey(name)) {
                        throw new Refusal(400, "rows[" + i + "]: missing feature " + quote(name) + " (expected " + f
                                + " features: " + Describe.names(model.featureNames()) + ")");
                    }
                    x[j] = value(named.get(name), "rows[" + i + "]." + name);
                }
            } else {
                throw new Refusal(400, "rows[" + i + "]: expected an array of " + f + " numbers or an object of features, got "
                        + describe(row));
            }
            rows[i] = x;
        }
        return rows;
    }

    /** A JSON number as float32, as the CSV reader makes it: parsed as a double, then rounded to float. */
    private static float value(Object v, String where) {
        if (!(v instanceof Number n)) {
            throw new Refusal(400, where + ": expected a number, got " + describe(v));
        }
        double d = n.doubleValue();
        if (Float.isInfinite((float) d)) {
            throw new Refusal(400, where + ": " + d + " is beyond the range of float32 (largest magnitude " + Float.MAX_VALUE + ")");
        }
        return (float) d;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String s) {
            return "the string " + quote(s);
        } else if (v instanceof Boolean) {
            return v.toString();
        } else if (v instanceof Number) {
            return "the number " + v;
        } else if (v instanceof List<?> l) {
            return "an array of " + l.size();
        } else {
            return "an object";
        }
    }

    /** {@code 'text'}, cut to 60 characters (a value from a request never floods a message). */
    static String quote(String s) {
        return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 60) + "…' (" + s.length() + " characters)";
    }

    private static Map<String, Object> modelInfo(TrainedModel m, Limits limits) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("task", m.task().label());
        j.put("features", m.featureNames());
        j.put("target", m.targetName());
        j.put("classes", m.classNames());
        j.put("outputs", (long) m.predictor().outputs());
        j.put("network", m.network().spec().toString());
        j.put("scaling", m.scaler().kind().label());
        j.put("weightsSha256", m.weightsSha256());
        j.put("provenance", m.provenance().toMap());
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("maxRows", (long) limits.maxRows());
        l.put("maxBodyBytes", (long) limits.maxBodyBytes());
        l.put("rateLimit", (long) limits.rateLimit());
        l.put("burst", (long) limits.burst());
        j.put("limits", l);
        return j;
    }
}
