package org.backprop.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress printer's time throttling, on a clock the test moves by hand. */
class ProgressPrinterTest {
    private long now;

    /** Epoch {@code e} of a run whose epochs take {@code seconds} each (the printer goes by the records' times). */
    private static EpochRecord epoch(int e, double seconds) {
        return new EpochRecord(e, 0.5, Double.NaN, "accuracy", Double.NaN, 0.01, seconds, seconds * e, 1, Map.of());
    }

    @Test
    void shortEpochsPrintAFewLinesASecondAndTheLastEpochAlways() {
        // Given 10,000 epochs of 1 ms each (XOR: one step an epoch), run to epoch 9,990 before early stopping
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), ProgressPrinter.Style.LINES, () -> now);
        p.onTrainingStart(new TrainingStart(10_000, 1, 4, 0, "accuracy", "fused"));
        List<EpochRecord> records = new ArrayList<>();
        for (int e = 1; e <= 9_990; e++) {
            now += 1_000_000L;
            EpochRecord r = epoch(e, 0.001);
            records.add(r);
            p.onEpochEnd(r);
        }
        p.onTrainingEnd(new History(records, StopReason.EARLY_STOPPED, "stopped early after epoch 9990", 9_980, 9_980, "fused"));

        // Then the first epoch, one line every 250 ms (each 250th epoch), and the last epoch are printed, then the message
        String[] lines = out.toString().split("\n");
        List<String> epochs = new ArrayList<>();
        for (String l : lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^epoch +(\\d+/\\d+) ").matcher(l);
            if (m.find()) {
                epochs.add(m.group(1));
            }
        }
        assertThat(epochs).hasSize(1 + 9_990 / 250 + 1);
        assertThat(epochs.get(0)).isEqualTo("1/10000");
        assertThat(epochs.get(1)).isEqualTo("251/10000");
        assertThat(epochs.get(epochs.size() - 1)).isEqualTo("9990/10000");
        assertThat(lines[lines.length - 1]).isEqualTo("stopped early after epoch 9990");
    }

    @Test
    void slowEpochsPrintEveryLine() {
        // Given three epochs of a second each
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), ProgressPrinter.Style.LINES, () -> now);
        p.onTrainingStart(new TrainingStart(3, 1, 4, 0, "accuracy", "fused"));
        List<EpochRecord> records = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            now += 1_000_000_000L;
            records.add(epoch(e, 1.0));
            p.onEpochEnd(records.get(e - 1));
        }
        p.onTrainingEnd(new History(records, StopReason.COMPLETED, "ran all 3 epochs", 0, 3, "fused"));

        // Then each epoch has its line, and the message follows
        assertThat(out.toString().split("\n")).hasSize(4).allSatisfy(l -> assertThat(l).isNotEmpty());
        assertThat(out.toString()).contains("epoch 1/3 ", "epoch 2/3 ", "epoch 3/3 ");
    }
}
