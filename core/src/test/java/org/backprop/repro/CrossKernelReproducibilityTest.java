package org.backprop.repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same weights, bit for bit, on every kernel: the same trainings run in
 * child JVMs with the 512-, 256- and 128-bit SIMD kernels ({@code -XX:MaxVectorSize=64/32/16};
 * on a machine without AVX-512 the first is the 256-bit one again), the scalar reference kernel
 * ({@code -Dbackprop.kernel=reference}), the widest with two threads, and every
 * {@code weightsSha256} must be equal.
 */
@Tag("slow")
class CrossKernelReproducibilityTest {
    private static final int EPOCHS = 1;

    @Test
    void everyKernelAndVectorWidthGivesTheSameWeights() throws Exception {
        // Given the same trainings on every path
        List<List<String>> configs = List.of(
                List.of("-XX:MaxVectorSize=64"),
                List.of("-XX:MaxVectorSize=32"),
                List.of("-XX:MaxVectorSize=16"),
                List.of("-Dbackprop.kernel=reference"));
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            outputs.add(run(configs.get(i), i == 0 ? 2 : 1));
        }
        // Then each path used the kernel it was meant to
        assertThat(outputs.get(1)).contains("kernel=vector-");
        assertThat(outputs.get(2)).contains("kernel=vector-128");
        assertThat(outputs.get(3)).contains("kernel=reference");
        // And every path gave the same hashes, different for each training
        String expected = hashes(outputs.get(3));
        assertThat(expected.lines().distinct().count()).isEqualTo(3);
        for (int i = 0; i < outputs.size(); i++) {
            assertThat(hashes(outputs.get(i))).as("weightsSha256 with %s", configs.get(i))
                    .isEqualTo(expected);
        }
    }

    private static String hashes(String output) {
        StringBuilder b = new StringBuilder();
        output.lines().filter(l -> l.startsWith("sha=")).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String run(List<String> flags, int threads) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrainForHash.class.getName());
        command.add(Integer.toString(EPOCHS));
        command.add(Integer.toString(threads));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + flags + " did not finish in 120 s");
        }
        assertThat(p.exitValue()).as("exit code of %s; output %s", flags, out).isZero();
        return out;
    }
}
