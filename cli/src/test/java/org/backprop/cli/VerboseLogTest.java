package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's log (the matrix kernel line) is printed only with {@code --verbose}, so an error is
 * the first line a run prints. Runs the command line in a fresh JVM (the kernel line is logged once,
 * when the kernel class loads).
 */
class VerboseLogTest {
    @TempDir
    Path dir;

    private String stderr(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run ends").isTrue();
        return Files.readString(err, StandardCharsets.UTF_8).replaceAll("(?m)^WARNING: Using incubator modules.*\\R", "");
    }

    @Test
    void theKernelLineOnlyWithVerboseAndNeverBeforeAnError() throws Exception {
        String[] train = {"train", "--data", "builtin:xor", "--layers", "4", "--epochs", "1", "--progress", "none",
            "--out", dir.resolve("m.json").toString()};
        assertThat(stderr(train)).doesNotContain("matrix kernel");
        List<String> verbose = new ArrayList<>(List.of(train));
        verbose.add("--verbose");
        assertThat(stderr(verbose.toArray(String[]::new))).contains("Backprop matrix kernel: ");

        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,label\nx,1\n");
        assertThat(stderr("train", "--data", bad.toString(), "--out", dir.resolve("m2.json").toString()))
                .isEqualTo("error: " + bad + " line 2, column 'a' (1): 'x' is not a number\n");
    }
}
