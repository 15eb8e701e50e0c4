package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product itself: {@code target/backprop.jar} as {@code ./backprop} runs it, in a JVM of its own.
 * Runs after {@code package} (the {@code shaded-jar} execution in the POM), so it sees the jar built
 * from this very code; the ordinary test run skips it.
 */
class ShadedJarTest {
    /** Where the shade plugin writes the jar (the module directory is the working directory). */
    static final Path JAR = Path.of("target", "backprop.jar");
    /**
     * The command-line jar may weigh at most this much (the target of 2 MB): every command, the engine,
     * CSV, plots and reports. What only some commands need lies beside it in companion jars (see
     * {@link Companion}), each with a limit of its own at today's weight: {@code backprop-onnx.jar}
     * (protobuf-java 1.23 MB even minimized, the ONNX message classes 0.35 MB) and
     * {@code backprop-web.jar} (Jetty's core server 1.26 MB).
     */
    static final long MAX_BYTES = 2_000_000L;
    /** Companion jars and their limits in bytes. */
    static final java.util.Map<String, Long> COMPANION_MAX_BYTES = java.util.Map.of(
            "backprop-onnx.jar", 1_900_000L, "backprop-web.jar", 1_600_000L);

    @TempDir
    Path dir;

    /** What a run of the jar printed and returned. */
    record Run(int code, String out, String err) {
    }

    /** {@code java --add-modules jdk.incubator.vector -jar backprop.jar ARGS}, as {@code ./backprop} runs it, in {@link #dir}. */
    private ProcessBuilder backprop(String... args) {
        return backprop(JAR, args);
    }

    private ProcessBuilder backprop(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return runJar(JAR, args);
    }

    private Run runJar(Path jar, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = backprop(jar, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // a guard against a hung process, not a speed assertion
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("backprop.jar " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theJarsStayWithinTheirLimits() throws IOException {
        long size = Files.size(JAR);
        assertThat(size).as("size of %s in bytes (limit %d)", JAR, MAX_BYTES).isLessThanOrEqualTo(MAX_BYTES);
        COMPANION_MAX_BYTES.forEach((name, max) -> {
            Path jar = JAR.resolveSibling(name);
            try {
                assertThat(Files.size(jar)).as("size of %s in bytes (limit %d)", jar, max).isLessThanOrEqualTo(max);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void exportsAndImportsOnnxThroughTheCompanionJar() throws Exception {
        // Given a model trained by the jar
        Run train = run("train", "--data", writeLine("line.csv"), "--layers", "4", "--epochs", "2", "--progress", "none",
                "--out", "model.json");
        assertThat(train.code()).as(train.err()).isZero();

        // When it is exported to ONNX and imported back (classes of backprop-onnx.jar, found through the manifest)
        Run export = run("export", "--model", "model.json", "--out", "model.onnx");
        Run back = run("import", "model.onnx", "--out", "back.json");

        // Then both succeed and the model comes back with the same weights
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(back.code()).as(back.err()).isZero();
        String sha = train.out().replaceAll("(?s).*weightsSha256 (\\p{XDigit}+).*", "$1");
        assertThat(back.out()).contains("weightsSha256 " + sha);
    }

    @Test
    void aMissingCompanionJarIsOneLineNamingIt() throws Exception {
        // Given backprop.jar alone in a directory
        Path alone = dir.resolve("alone");
        Files.createDirectories(alone);
        Files.copy(JAR, alone.resolve("backprop.jar"));
        writeLine("line.csv");

        // When the commands that need a companion run, and one that does not
        Run export = runJar(alone.resolve("backprop.jar"), "export", "--model", "m.json", "--out", "m.onnx");
        Run playground = runJar(alone.resolve("backprop.jar"), "playground", "--port", "0");
        Run serve = runJar(alone.resolve("backprop.jar"), "serve", "--model", "m.json", "--port", "0");
        Run train = runJar(alone.resolve("backprop.jar"), "train", "--data", "line.csv", "--layers", "4", "--epochs", "1",
                "--progress", "none", "--out", "m.json");

        // Then each names the jar it needs and where, in one line with exit 1; train needs none
        assertThat(export.code()).isEqualTo(1);
        assertThat(export.err()).endsWith("error: export needs backprop-onnx.jar (the ONNX classes) beside backprop.jar in "
                + alone.toRealPath() + "; it is built with it (mvn -B package -pl cli -am)\n");
        assertThat(playground.code()).isEqualTo(1);
        assertThat(playground.err()).endsWith("error: playground needs backprop-web.jar (the web server) beside backprop.jar in "
                + alone.toRealPath() + "; it is built with it (mvn -B package -pl cli -am)\n");
        assertThat(serve.code()).isEqualTo(1);
        assertThat(serve.err()).endsWith("error: serve needs backprop-web.jar (the web server) beside backprop.jar in "
                + alone.toRealPath() + "; it is built with it (mvn -B package -pl cli -am)\n");
        assertThat(train.code()).as(train.err()).isZero();
    }

    /** Writes a small CSV of two classes that a line separates into {@link #dir}; returns its name. */
    private String writeLine(String name) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,class\n");
        for (int i = 0; i < 40; i++) {
            double a = (i % 8) / 8.0;
            double b = (i / 8) / 5.0;
            csv.append(a).append(',').append(b).append(',').append(a + b > 0.9 ? "high" : "low").append('\n');
        }
        Files.writeString(dir.resolve(name), csv, StandardCharsets.UTF_8);
        return name;
    }

    @Test
    void trainsOnACsvFileAndWritesTheReportThePlotsAndPredictions() throws Exception {
        // Given a CSV file (quoted header, CRLF line ends) of two classes that a line separates
        StringBuilder csv = new StringBuilder("\"x 1\",\"x 2\",class\r\n");
        for (int i = 0; i < 60; i++) {
            double a = (i % 10) / 10.0;
            double b = (i / 10) / 6.0;
            csv.append(a).append(',').append(b).append(',').append(a + b > 0.9 ? "\"high\"" : "low").append("\r\n");
        }
        Files.writeString(dir.resolve("points.csv"), csv, StandardCharsets.UTF_8);

        // When the jar trains on it with the report and the plots, then predicts
        Run train = run("train", "--data", "points.csv", "--layers", "8", "--epochs", "3", "--progress", "none",
                "--out", "model.json", "--report", "report.html", "--plots", "plots");
        Run predict = run("predict", "--model", "model.json", "--data", "points.csv", "--out", "predictions.csv");

        // Then everything is written: the model, the HTML report, each plot as a PNG that decodes and an
        // SVG document that parses (XChart with only what PNG and SVG need), and the predictions as CSV
        assertThat(train.err()).doesNotContain("error").doesNotContain("Exception");
        assertThat(train.code()).isZero();
        assertThat(train.out()).contains("data     points.csv: 60 rows, 2 features, 2 classes (classification)");
        assertThat(Files.readString(dir.resolve("model.json"))).contains("\"format\": \"backprop-model\"");
        assertThat(Files.readString(dir.resolve("report.html"))).startsWith("<!DOCTYPE html>").contains("Confusion matrix");
        for (String name : List.of("loss", "metric", "gradient-norms")) {
            BufferedImage png = ImageIO.read(dir.resolve("plots").resolve(name + ".png").toFile());
            assertThat(png.getWidth()).isEqualTo(800);
            assertThat(svgParser()
                    .parse(dir.resolve("plots").resolve(name + ".svg").toFile()).getDocumentElement().getTagName())
                    .isEqualTo("svg");
        }
        assertThat(predict.code()).isZero();
        assertThat(predict.err()).endsWith("\nwrote 60 predictions to predictions.csv\n"); // after the JVM's incubator notice
        List<String> lines = Files.readAllLines(dir.resolve("predictions.csv"));
        assertThat(lines).hasSize(61);
        assertThat(lines.get(0)).isEqualTo("predicted_class,probability_high,probability_low");
    }

    @Test
    void servesThePlaygroundPageFromTheJar() throws Exception {
        // When the jar's playground starts on a free port of 127.0.0.1
        Process p = backprop("playground", "--port", "0").redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("first line of playground output").isNotNull().matches("Playground running at http://127\\.0\\.0\\.1:\\d+/ .*");
            java.net.URI uri = java.net.URI.create(line.replaceAll(".*(http://\\S+).*", "$1"));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            // Then the page and its script come out of the jar
            for (String path : List.of("", "playground.js")) {
                java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(uri.resolve(path))
                        .timeout(java.time.Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).isNotEmpty();
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void explainsAndReportsBadUsageOnOneLine() throws Exception {
        Run explain = run("explain", "--json");
        assertThat(explain.code()).isZero();
        assertThat(explain.out()).startsWith("{").contains("\"loss\": 1.2010098886");
        Run bad = run("explain", "--steps", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).endsWith("error: --steps: expected 1 to 100000, got 0\n"
                + "Try 'backprop explain --help' for the options.\n");
    }

    /** An XML parser that does not fetch the SVG DTD the files name (the tests run offline). */
    private static javax.xml.parsers.DocumentBuilder svgParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder();
    }
}
