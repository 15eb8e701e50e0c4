import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load test of `backprop serve`: starts the server on 127.0.0.1 (any free port) with a model,
 * sends a bounded number of POST /predict requests (one row each, random values) from 1, 8 and 64
 * concurrent clients (the JDK's HttpClient, HTTP/1.1, one connection per client), and prints
 * requests/s and the p50/p99 latency per level as a Markdown table, each beside the same load of
 * GET /health (the HTTP round trip alone, measured in the same run, as the reference); then stops the server with SIGTERM
 * (its graceful shutdown) and reports how it ended. Every level is bounded in requests and in time.
 * JDK only, run by Java's single-file launcher (bench/serve-load trains the model and runs this):
 *
 *   java bench/ServeLoad.java --model M.json [--requests 5000] [--warmup 1000] [--rows 1] [--clients 1,8,64]
 */
public final class ServeLoad {
    private static final Duration LEVEL_LIMIT = Duration.ofSeconds(90);

    public static void main(String[] args) throws Exception {
        String model = null;
        int requests = 5000;
        int warmup = 1000;
        int rows = 1;
        int[] levels = {1, 8, 64};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--clients" -> levels = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("--model M.json is required");
        }
        Path log = Files.createTempFile("serve-load", ".log");
        // the rate limit lifted: this measures the server, not its limit
        Process server = new ProcessBuilder("./backprop", "serve", "--model", model, "--port", "0", "--verbose",
                "--rate-limit", "1000000", "--max-rows", "1000")
                .redirectError(log.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)").matcher(first == null ? "" : first);
            if (!m.find()) {
                throw new IllegalStateException("the server did not start: " + first + "\n" + Files.readString(log));
            }
            URI base = URI.create(m.group(1));
            System.out.println("server: " + first);
            run(base, requests, warmup, rows, levels);
            server.toHandle().destroy(); // SIGTERM (Process.destroy would close our end of its output): a graceful stop
            boolean ended = server.waitFor(30, TimeUnit.SECONDS);
            StringBuilder rest = new StringBuilder();
            for (String line = ended ? out.readLine() : null; line != null; line = out.readLine()) {
                rest.append(rest.length() == 0 ? "" : " / ").append(line);
            }
            System.out.println("server after SIGTERM: " + (ended ? "exit code " + server.exitValue() + ", printed '" + rest + "'"
                    : "still running after 30 s"));
            for (String line : Files.readAllLines(log)) {
                if (line.contains("kernel")) {
                    System.out.println("server log: " + line);
                }
            }
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static void run(URI base, int requests, int warmup, int rowsPerRequest, int[] levels) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String info = http.send(HttpRequest.newBuilder(base.resolve("model")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher f = Pattern.compile("\"features\":\\[([^\\]]*)\\]").matcher(info);
        if (!f.find()) {
            throw new IllegalStateException("GET /model: no features in " + info);
        }
        int features = f.group(1).split(",").length;
        // 256 different request bodies of random values in [0, 16] (the 8x8 digits' pixel range)
        Random rng = new Random(1);
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            StringBuilder sb = new StringBuilder("{\"rows\":[");
            for (int r = 0; r < rowsPerRequest; r++) {
                sb.append(r == 0 ? "[" : ",[");
                for (int j = 0; j < features; j++) {
                    sb.append(j == 0 ? "" : ",").append(rng.nextInt(17));
                }
                sb.append(']');
            }
            bodies.add(sb.append("]}").toString());
        }
        URI predict = base.resolve("predict");
        System.out.printf(Locale.ROOT, "%d features, %d row(s) per request, %d requests per level after %d warm-up requests; "
                + "load average before: %s%n%n", features, rowsPerRequest, requests, warmup, loadAverage());
        System.out.println("| concurrent clients | endpoint | requests | requests/s | p50 latency (ms) | p99 latency (ms) | non-200 answers |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        URI health = base.resolve("health");
        for (int clients : levels) {
            // POST /predict, then the reference: GET /health (HTTP alone, no prediction) from as many clients
            for (URI target : List.of(predict, health)) {
                level(http, target, bodies, clients, warmup);
                long[] latency = new long[requests];
                long start = System.nanoTime();
                int[] done = level(http, target, bodies, clients, requests, latency);
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] sorted = Arrays.copyOf(latency, done[0]);
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "| %d | %s | %d | %.0f | %.3f | %.3f | %d |%n", clients,
                        target == predict ? "POST /predict" : "GET /health (reference)", done[0], done[0] / seconds,
                        percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, done[1]);
            }
        }
        System.out.println();
        System.out.println("load average after: " + loadAverage());
    }

    private static void level(HttpClient http, URI predict, List<String> bodies, int clients, int requests) throws Exception {
        level(http, predict, bodies, clients, requests, new long[requests]);
    }

    /**
     * Sends {@code requests} requests (POST with a body to /predict, else GET) from {@code clients}
     * threads, for at most {@link #LEVEL_LIMIT}; returns {requests done, non-200 answers}.
     */
    private static int[] level(HttpClient http, URI predict, List<String> bodies, int clients, int requests, long[] latency)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        long deadline = System.nanoTime() + LEVEL_LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                        HttpRequest req = predict.getPath().endsWith("/predict")
                                ? HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(30))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build()
                                : HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(30)).build();
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        latency[i] = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            bad.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new int[] {Math.min(next.get(), requests), bad.get()};
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String loadAverage() {
        try {
            return Files.readString(new File("/proc/loadavg").toPath()).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
