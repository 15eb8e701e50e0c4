package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.backprop.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code backprop explain ARGS}, appending to {@link #out} and {@link #err}; returns the exit code. */
    private int run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "explain";
        System.arraycopy(args, 0, full, 1, args.length);
        return BackpropCli.execute(full, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void noArgumentsPrintsTheGoldenLectureExplanation() throws IOException {
        // When explain runs without arguments
        int code = run();
        // Then it prints exactly the checked-in text and exits 0
        // (the one golden file lives with the engine's tests in core; Maven runs this test in viz/)
        String expected = Files.readString(Path.of("../core/src/test/resources/explain/lecture.txt"), StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(expected);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonFlagPrintsOneObjectWithLossGradientsAndUpdates() {
        int code = run("--json");
        assertThat(code).isZero();
        Map<?, ?> m = (Map<?, ?>) Json.parse(out.toString());
        assertThat((Double) m.get("loss")).isEqualTo(1.2010098886372096);
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) m.get("gradients")).keySet())).containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight",
                "layers.1.bias");
        assertThat(((Map<?, ?>) m.get("updated")).containsKey("layers.1.weight")).isTrue();
    }

    @Test
    void networkFileStepsAndFormatsAreHonoured(@TempDir Path dir) throws IOException {
        Path net = dir.resolve("net.json");
        Files.writeString(net, "{\"input\":[1,0],\"target\":[0.5],\"loss\":\"half-squared\",\"learningRate\":0.1,"
                + "\"layers\":[{\"activation\":\"tanh\",\"weights\":[[0.3,-0.2]],\"biases\":[0.1]}]}");
        Path html = dir.resolve("out/e.html");
        int code = run("--network", net.toString(), "--steps", "3", "--format", "html", "--out", html.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("Loss over 3 steps").contains("<math>");
        assertThat(Files.list(html.getParent())).hasSize(1); // no temporary file left behind
        assertThat(run("--network", net.toString(), "--format", "MARKDOWN")).isZero();
        assertThat(out.toString()).contains("## Backward pass");
    }

    @Test
    void badDataExitsOneNamingTheFileAndField(@TempDir Path dir) throws IOException {
        Path net = dir.resolve("bad.json");
        Files.writeString(net, "{\"input\":[1,2],\"target\":[1],\"layers\":[{\"weights\":[[1,2,3]],\"biases\":[0]}]}");
        assertThat(run("--network", net.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: " + net
                + ": layers[0].weights: expected 1 rows of 2 (out × in, in = the input size), row 0 has 3\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFileAndMalformedJsonExitOne(@TempDir Path dir) throws IOException {
        assertThat(run("--network", dir.resolve("nope.json").toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: " + dir.resolve("nope.json") + ": no such file\n");
        err.getBuffer().setLength(0);
        Path net = dir.resolve("broken.json");
        Files.writeString(net, "{\"input\": [1,\n");
        assertThat(run("--network", net.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: " + net + ": JSON line 2").endsWith("\n").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theDocumentedExampleFilesRun() {
        // docs/explain/lecture.json is the default network written out: same output
        assertThat(run("--network", "../docs/explain/lecture.json")).isZero();
        String fromFile = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run()).isZero();
        assertThat(fromFile).isEqualTo(out.toString());
        assertThat(run("--network", "../docs/explain/softmax-3-class.json", "--steps", "5")).isZero();
        assertThat(out.toString()).contains("Loss over 5 steps").contains("∂L/∂w²₃₂");
    }

    @Test
    void lectureNotationPrintsItsGoldenFileAndSaysWhichNotationIsInUse() throws IOException {
        int code = run("--notation", "lecture");
        String expected = Files.readString(Path.of("../core/src/test/resources/explain/lecture-notation.txt"),
                StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(expected).contains("(lecture)");
        out.getBuffer().setLength(0);
        // the delta layout in pytorch notation: same quantities, indices [out][in]
        assertThat(run("--layout", "delta")).isZero();
        assertThat(out.toString()).contains("∂L/∂w¹₁₂      = δ¹₁·x₂").contains("([out][in], as PyTorch)");
    }

    @Test
    void badNotationOrLayoutExitsTwo() {
        assertThat(run("--notation", "slides")).isEqualTo(2);
        assertThat(err.toString()).contains("expected lecture or pytorch, got 'slides'");
        assertThat(run("--notation", "lecture", "--layout", "chain")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --layout chain is written in pytorch notation only; use --layout delta "
                + "with --notation lecture\n");
        assertThat(run("--layout", "tree")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badUsageExitsTwoWithOneLineAndTheHelpHint() {
        assertThat(run("--steps", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: --steps: expected 1 to 100000, got 0\n"
                + "Try 'backprop explain --help' for the options.\n");
        err.getBuffer().setLength(0);
        assertThat(run("--format", "pdf")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid value for option '--format': expected text, markdown, html "
                + "or json, got 'pdf'\nTry 'backprop explain --help' for the options.\n");
        err.getBuffer().setLength(0);
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Unknown option: '--bogus'\n"
                + "Try 'backprop explain --help' for the options.\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void debugAddsTheStackTraceToABadFile(@TempDir Path dir) {
        assertThat(run("--network", dir.resolve("nope.json").toString(), "--debug")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: " + dir.resolve("nope.json") + ": no such file\n"
                + "java.nio.file.NoSuchFileException: ").contains("\tat org.backprop.cli.ExplainCommand.");
    }
}
