package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.backprop.io.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results table of the README, end to end through the command line, from its fixed seed
 * (the default, 42). Each test runs exactly the README's command (plus --json and a model path).
 */
@Tag("slow")
class ResultsTest {
    /** The shared datasets, beside the repository (tests run in the module directory). */
    static final Path SHARED = Path.of("..", "..", "shared", "data");

    @TempDir
    Path dir;

    private Map<?, ?> test(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--json", "--progress", "none", "--out", dir.resolve("model.json").toString()));
        CliTest.Run r = CliTest.run(all.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        return (Map<?, ?>) ((Map<?, ?>) Json.parse(r.out())).get("test");
    }

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void digitsDefaultDemo() {
        assertThat(number(test("train"), "accuracy")).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void iris() {
        assertThat(number(test("train", "--data", "builtin:iris", "--layers", "128,64", "--activation", "tanh",
                "--epochs", "30", "--batch", "16"), "accuracy")).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void spirals() {
        assertThat(number(test("train", "--data", "builtin:spirals", "--layers", "64,64", "--epochs", "100", "--lr", "0.003"),
                "accuracy")).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void noisySine() {
        assertThat(number(test("train", "--data", "builtin:sine", "--layers", "64,64", "--epochs", "100", "--lr", "0.003"),
                "r2")).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void mnist10k() {
        Path mnist = SHARED.resolve("mnist10k");
        assumeTrue(Files.isDirectory(mnist), "the shared MNIST subset is not at " + mnist.toAbsolutePath());
        List<String> args = new ArrayList<>(List.of("train", "--data", mnist.toString()));
        args.addAll(MNIST_OPTIONS);
        assertThat(number(test(args.toArray(new String[0])), "accuracy")).isGreaterThanOrEqualTo(0.96);
    }

    /** The MNIST options of the README. */
    static final List<String> MNIST_OPTIONS = List.of("--layers",
            "dropout 0.2, 512 relu, dropout 0.4, 256 relu, dropout 0.4, 10 softmax", "--scaling", "none", "--epochs", "60",
            "--batch", "64", "--lr-schedule", "cosine", "--validation", "0", "--early-stopping", "0");
}
