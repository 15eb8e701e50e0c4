package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backprop.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backprop serve} on 127.0.0.1, a free port: its answers equal {@code backprop predict}'s,
 * every bad request gets its 4xx and message while a good client goes on being served, and the rate
 * limit answers 429. Each server stops when its test ends.
 */
// Timeout: a guard against a server that does not stop, not a speed assertion.
@Timeout(120)
class ServeCommandTest {
    @TempDir
    static Path dir;
    static Path iris;
    static Path sine;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private CountDownLatch stop;
    private Future<Integer> code;
    private URI base;

    @BeforeAll
    static void trainModels() {
        iris = dir.resolve("iris.json");
        sine = dir.resolve("sine.json");
        assertThat(CliTest.run("train", "--data", "builtin:iris", "--layers", "8", "--epochs", "5", "--threads", "1",
                "--progress", "none", "--out", iris.toString()).code()).isZero();
        assertThat(CliTest.run("train", "--data", "builtin:sine", "--layers", "8", "--epochs", "2", "--threads", "1",
                "--progress", "none", "--out", sine.toString()).code()).isZero();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (stop != null) {
            stop.countDown();
            assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(out.toString()).endsWith("Stopped.\n");
        }
        pool.shutdownNow();
    }

    /** Starts {@code backprop serve --port 0 ARGS…} and waits for its address. */
    private void serve(String... args) throws Exception {
        stop = new CountDownLatch(1);
        out.getBuffer().setLength(0);
        CommandLine cl = BackpropCli.withStreamsAndErrors(new CommandLine(new ServeCommand(stop)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(List.of("--port", "0"));
        argv.addAll(List.of(args));
        code = pool.submit(() -> cl.execute(argv.toArray(String[]::new)));
        for (int i = 0; i < 400 && !out.toString().contains("http://") && !code.isDone(); i++) {
            Thread.sleep(50);
        }
        Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)").matcher(out.toString());
        assertThat(m.find()).as("started: %s %s", out, err).isTrue();
        base = URI.create(m.group(1));
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> predict(String body) throws IOException, InterruptedException {
        return post("predict", "application/json", body);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts a refusal: its status, and the exact message in {"error": …, "status": …}. */
    private static void refused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.body()).isEqualTo("{\"error\":" + Json.write(message) + ",\"status\":" + status + "}");
    }

    @Test
    void answersEqualPredictBitForBitForArrayAndNamedRows() throws Exception {
        for (Path model : List.of(iris, sine)) {
            // Given random raw rows in a CSV file, and backprop predict's answers for them
            Map<?, ?> info = (Map<?, ?>) Json.parse(CliTest.run("inspect", "--model", model.toString(), "--json").out());
            List<?> features = (List<?>) info.get("features");
            Random rng = new Random(7);
            StringBuilder csv = new StringBuilder(String.join(",", features.stream().map(String::valueOf).toList())).append('\n');
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                List<String> row = new ArrayList<>();
                for (int j = 0; j < features.size(); j++) {
                    row.add(String.format(Locale.ROOT, "%.3f", rng.nextDouble() * 8 - 1));
                }
                rows.add(row);
                csv.append(String.join(",", row)).append('\n');
            }
            Path data = dir.resolve("rows.csv");
            Files.writeString(data, csv);
            CliTest.Run predicted = CliTest.run("predict", "--model", model.toString(), "--data", data.toString());
            assertThat(predicted.code()).isZero();
            List<String> lines = predicted.out().lines().skip(1).toList();

            // When the same rows are posted, as arrays and as objects by feature name
            serve("--model", model.toString());
            StringBuilder arrays = new StringBuilder("{\"rows\":[");
            StringBuilder named = new StringBuilder("{\"rows\":[");
            for (int i = 0; i < rows.size(); i++) {
                arrays.append(i == 0 ? "" : ",").append('[').append(String.join(",", rows.get(i))).append(']');
                named.append(i == 0 ? "{" : ",{");
                for (int j = features.size() - 1; j >= 0; j--) { // in another order: matched by name
                    named.append('"').append(features.get(j)).append("\":").append(rows.get(i).get(j))
                            .append(j == 0 ? "}" : ",");
                }
            }
            for (String body : List.of(arrays.append("]}").toString(), named.append("]}").toString())) {
                HttpResponse<String> r = predict(body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                // Then every number is written as predict writes it (Float.toString: the same float, the same text)
                boolean classification = model == iris;
                Matcher m = Pattern.compile("\\[([^\\[\\]]*)\\]").matcher(r.body().replaceFirst("^\\{\"classes\":\\[[^\\]]*\\]", "{"));
                List<String> answered = new ArrayList<>();
                while (m.find()) {
                    answered.add(m.group(1));
                }
                Map<?, ?> parsed = (Map<?, ?>) Json.parse(r.body());
                for (int i = 0; i < lines.size(); i++) {
                    String[] expected = lines.get(i).split(",");
                    if (classification) {
                        assertThat(((List<?>) parsed.get("labels")).get(i)).isEqualTo(expected[0]);
                        assertThat(answered.get(i)).isEqualTo(String.join(",", List.of(expected).subList(1, expected.length)));
                    } else {
                        assertThat(answered.get(i)).isEqualTo(lines.get(i));
                    }
                }
                assertThat(answered).hasSize(lines.size() + (classification ? 1 : 0)); // + the labels array
                assertThat(List.copyOf(parsed.keySet().stream().map(String::valueOf).toList())).containsExactlyElementsOf(classification
                        ? List.of("classes", "probabilities", "labels") : List.of("values"));
            }
            stop.countDown();
            assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
            stop = null;
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badRequestsGetTheir4xxWhileAGoodClientIsServed() throws Exception {
        serve("--model", iris.toString(), "--max-rows", "50", "--max-body", "4096");
        // Given a client that keeps asking good questions
        String good = "{\"rows\":[[5.1,3.5,1.4,0.2]]}";
        String goodAnswer = predict(good).body();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Future<?> client = pool.submit(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = predict(good);
                    (r.statusCode() == 200 && r.body().equals(goodAnswer) ? served : failed).incrementAndGet();
                } catch (IOException | InterruptedException e) {
                    failed.incrementAndGet();
                }
            }
            return null;
        });

        // When bad requests come at the same time, then each gets its status and exact message
        refused(predict("{\"rows\": [[1,2,3,4]"), 400,
                "request body is not valid JSON: JSON line 1, column 20: unexpected end of input");
        refused(predict(""), 400, "request body is not valid JSON: JSON line 1, column 1: unexpected end of input, expected a value");
        refused(predict("{\"rows\":[[1,2,3,4],[1,2,3]]}"), 400, "rows[1]: expected 4 features, got 3");
        refused(predict("{\"rows\":[[1,\"abc\",3,4]]}"), 400,
                "rows[0][1] (feature 'sepal_width'): expected a number, got the string 'abc'");
        refused(predict("{\"rows\":[[1,2,null,4]]}"), 400, "rows[0][2] (feature 'petal_length'): expected a number, got null");
        refused(predict("{\"rows\":[[1,2,3,1e39]]}"), 400,
                "rows[0][3] (feature 'petal_width'): 1.0E39 is beyond the range of float32 (largest magnitude 3.4028235E38)");
        refused(predict("{\"rows\":[{\"sepal_length\":1,\"sepal_width\":2,\"petal_length\":3}]}"), 400,
                "rows[0]: missing feature 'petal_width' (expected 4 features: sepal_length, sepal_width, petal_length, petal_width)");
        refused(predict("{\"rows\":[{\"sepal_lenght\":1}]}"), 400,
                "rows[0]: unknown feature 'sepal_lenght'; the model's features are sepal_length, sepal_width, petal_length, petal_width");
        refused(predict("{\"rows\":[{\"sepal_length\":1,\"sepal_width\":true,\"petal_length\":3,\"petal_width\":4}]}"), 400,
                "rows[0].sepal_width: expected a number, got true");
        refused(predict("{\"rows\":[\"5.1,3.5\"]}"), 400,
                "rows[0]: expected an array of 4 numbers or an object of features, got the string '5.1,3.5'");
        refused(predict("[[1,2,3,4]]"), 400, "request body: expected a JSON object {\"rows\": [...]}, got an array of 1");
        refused(predict("{\"row\":[[1,2,3,4]]}"), 400, "request body: unknown key 'row'; expected only \"rows\"");
        refused(predict("{}"), 400, "request body: missing \"rows\" (an array of rows)");
        refused(predict("{\"rows\":[[1,2,3,4]" + ",[1,2,3,4]".repeat(50) + "]}"), 413, "too many rows: 51, at most 50 in one request");
        refused(predict("{\"rows\":" + "[".repeat(70) + "]".repeat(70) + "}"), 400,
                "request body is not valid JSON: JSON line 1, column 72: nested deeper than 64 arrays and objects");
        String big = "{\"rows\":[" + "[1,2,3,4],".repeat(499) + "[1,2,3,4]]}";
        refused(predict(big), 413, "request body of " + big.length() + " bytes is larger than the limit of 4096 bytes");
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(base.resolve("predict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        refused(chunked, 413, "request body larger than the limit of 4096 bytes");
        refused(post("predict", "text/plain", good), 415,
                "unsupported media type 'text/plain': send the rows as JSON with 'Content-Type: application/json'");
        refused(post("predict", null, good), 415,
                "missing Content-Type: send the rows as JSON with 'Content-Type: application/json'");
        refused(post("predict", "application/json; charset=latin1", good), 415,
                "unsupported charset 'latin1': JSON is read as UTF-8");
        HttpResponse<String> wrongMethod = get("predict");
        refused(wrongMethod, 405, "method 'GET' not allowed on /predict; use POST");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        refused(post("health", "application/json", good), 405, "method 'POST' not allowed on /health; use GET");
        refused(get("nothing/here"), 404, "no such endpoint: '/nothing/here'; the endpoints are POST /predict, GET /health, GET /model");

        // Then the good client was served all along, every answer right
        running.set(false);
        client.get(30, TimeUnit.SECONDS);
        assertThat(failed.get()).isZero();
        assertThat(served.get()).isPositive();
        assertThat(predict(good).body()).isEqualTo(goodAnswer);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void healthAndModelInformation() throws Exception {
        serve("--model", iris.toString(), "--max-rows", "20");
        Map<?, ?> inspect = (Map<?, ?>) Json.parse(CliTest.run("inspect", "--model", iris.toString(), "--json").out());
        HttpResponse<String> health = get("health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"weightsSha256\":\"" + inspect.get("weightsSha256") + "\"}");
        HttpResponse<String> model = get("model");
        assertThat(model.statusCode()).isEqualTo(200);
        Map<?, ?> info = (Map<?, ?>) Json.parse(model.body());
        assertThat(info.get("task")).isEqualTo("classification");
        assertThat(info.get("features")).isEqualTo(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"));
        assertThat(info.get("classes")).isEqualTo(inspect.get("classes"));
        assertThat(info.get("outputs")).isEqualTo(3L);
        assertThat(info.get("network")).isEqualTo(inspect.get("network"));
        assertThat(info.get("weightsSha256")).isEqualTo(inspect.get("weightsSha256"));
        assertThat(info.get("provenance")).isEqualTo(inspect.get("provenance"));
        assertThat(info.get("limits")).isEqualTo(Map.of("maxRows", 20L, "maxBodyBytes", 1048576L, "rateLimit", 1000L, "burst", 1000L));
        assertThat(out.toString()).startsWith("Serving " + iris + " (classification, 4 features) at " + base
                + "  (POST /predict, GET /health, GET /model; Ctrl-C to stop)\n");
    }

    @Test
    void overTheRateLimitIs429WithRetryAfter() throws Exception {
        serve("--model", sine.toString(), "--rate-limit", "1", "--burst", "2");
        long start = System.nanoTime();
        int ok = 0;
        List<HttpResponse<String>> refusals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = get("health");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                refusals.add(r);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 2 at once, then 1 a second: at most 2 + elapsed seconds pass
        assertThat(ok).isBetween(2, 2 + (int) Math.ceil(seconds));
        assertThat(refusals).isNotEmpty();
        for (HttpResponse<String> r : refusals) {
            refused(r, 429, "too many requests: the server answers at most 1 a second (bursts of 2); retry after 1 s");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        }
    }

    @Test
    void badOptionsAreUsageErrorsAndABadModelIsAFailure() throws Exception {
        assertThat(CliTest.run("serve", "--model", iris.toString(), "--port", "70000").err())
                .isEqualTo("error: --port: expected 0 to 65535, got 70000\nTry 'serve --help' for the options.\n"
                        .replace("'serve", "'backprop serve"));
        assertThat(CliTest.run("serve", "--model", iris.toString(), "--port", "70000").code()).isEqualTo(BackpropCli.USAGE);
        CliTest.Run noModel = CliTest.run("serve");
        assertThat(noModel.code()).isEqualTo(BackpropCli.USAGE);
        assertThat(noModel.err()).startsWith("error: Missing required option: '--model=FILE'\n");
        CliTest.Run host = CliTest.run("serve", "--model", iris.toString(), "--host", "example.org");
        assertThat(host.code()).isEqualTo(BackpropCli.USAGE);
        assertThat(host.err()).startsWith("error: --host: expected an IP address such as 127.0.0.1 or 0.0.0.0, got 'example.org'\n");
        CliTest.Run rows = CliTest.run("serve", "--model", iris.toString(), "--max-rows", "0");
        assertThat(rows.code()).isEqualTo(BackpropCli.USAGE);
        assertThat(rows.err()).startsWith("error: --max-rows: expected 1 to 1000000, got 0\n");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"backprop-model\"");
        CliTest.Run broken = CliTest.run("serve", "--model", bad.toString(), "--port", "0");
        assertThat(broken.code()).isEqualTo(BackpropCli.FAILURE);
        assertThat(broken.err()).startsWith("error: " + bad).doesNotContain("\tat ");
        assertThat(broken.out()).isEmpty();
    }

    @Test
    void theTokenBucketLetsBurstThenRatePass() {
        long[] now = {0};
        TokenBucket b = new TokenBucket(2, 3, () -> now[0]);
        assertThat(b.tryTake()).isZero();
        assertThat(b.tryTake()).isZero();
        assertThat(b.tryTake()).isZero();
        assertThat(b.tryTake()).isEqualTo(500_000_000L); // the next token in half a second
        now[0] = 250_000_000L;
        assertThat(b.tryTake()).isEqualTo(250_000_000L);
        now[0] = 500_000_000L;
        assertThat(b.tryTake()).isZero();
        now[0] = 100_000_000_000L; // a long pause fills the bucket to its size, no more
        for (int i = 0; i < 3; i++) {
            assertThat(b.tryTake()).isZero();
        }
        assertThat(b.tryTake()).isPositive();
    }
}
