package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code backprop train} process, saving a checkpoint after every step, is killed with
 * SIGKILL at random moments (so mostly in the middle of a save: saving is most of what it does)
 * and started again with {@code --resume}, until it finishes. Its model must have exactly the
 * {@code weightsSha256} of the same training run without interruption.
 */
@Tag("slow")
class KillAndResumeTest {
    private static final int KILLS = 5;
    private static final Pattern SHA = Pattern.compile("\"sha256\": \"([0-9a-f]{64})\"");

    @TempDir
    Path dir;

    @Test
    void aRunKilledAtRandomMomentsAndResumedEndsWithTheUninterruptedWeights() throws Exception {
        // Given the uninterrupted run's weights
        Path whole = dir.resolve("whole.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackpropCli.execute(args(whole, null), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("uninterrupted run: %s", err).isZero();
        String expected = sha(whole);

        // When a child process runs the same training with checkpoints and is killed several times
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path checkpoints = dir.resolve("checkpoints");
        Path resumed = dir.resolve("resumed.json");
        int killed = 0;
        List<String> logs = new ArrayList<>();
        for (int attempt = 0; attempt < KILLS; attempt++) {
            Path logFile = dir.resolve("attempt-" + attempt + ".log");
            Process p = start(args(resumed, checkpoints), logFile);
            // a random moment once this process is training (it has saved a checkpoint of its own)
            String before = newest(checkpoints);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && newest(checkpoints).equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (!p.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no cleanup
                p.waitFor(30, TimeUnit.SECONDS);
                killed++;
            }
            logs.add(Files.readString(logFile));
        }
        Path lastLog = dir.resolve("last.log");
        Process last = start(args(resumed, checkpoints), lastLog);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last run finishes").isTrue();
        String log = Files.readString(lastLog);

        // Then it finished, resumed from a checkpoint, and its weights are exactly the uninterrupted ones
        assertThat(last.exitValue()).as("seed %d; log:%n%s", seed, log).isZero();
        assertThat(killed).as("processes killed while training (seed %d)", seed).isGreaterThanOrEqualTo(3);
        assertThat(String.join("", logs) + log).as("seed %d", seed).contains("resuming from ");
        assertThat(sha(resumed)).as("weightsSha256 after %d kills (seed %d)", killed, seed).isEqualTo(expected);
        // And no temporary file of an interrupted save is left, and at most 2 checkpoints are kept
        try (Stream<Path> files = Files.list(checkpoints)) {
            // (the logs live in the parent directory)
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .hasSizeBetween(1, 2).allSatisfy(f -> assertThat(f).endsWith(".bpck"));
        }
    }

    /** A small training on the built-in digits: 10 epochs of 40 steps. */
    private static String[] args(Path out, Path checkpoints) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "builtin:digits", "--layers", "32", "--epochs", "10",
                "--progress", "none", "--out", out.toString()));
        if (checkpoints != null) {
            a.addAll(List.of("--resume", checkpoints.toString(), "--checkpoint-every", "1", "--keep-checkpoints", "2"));
        }
        return a.toArray(new String[0]);
    }

    private static Process start(String[] args, Path log) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The newest checkpoint's name, or "" when there is none. */
    private static String newest(Path checkpoints) throws java.io.IOException {
        if (!Files.isDirectory(checkpoints)) {
            return "";
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".bpck")).max(String::compareTo)
                    .orElse("");
        }
    }

    private static String sha(Path model) throws java.io.IOException {
        Matcher m = SHA.matcher(Files.readString(model));
        assertThat(m.find()).as("weights sha256 in %s", model).isTrue();
        return m.group(1);
    }
}
