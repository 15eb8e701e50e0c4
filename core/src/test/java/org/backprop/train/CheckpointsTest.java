package org.backprop.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.loop.Checkpoints;
import org.backprop.loop.EpochRecord;
import org.backprop.loop.TrainingListener;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and exact resume, in process: a run interrupted at a given step (an exception from a
 * listener stands in for the crash) and resumed from its checkpoint directory must end with
 * exactly the weights of the uninterrupted run — mid-epoch and at epoch ends, with dropout (its
 * generator is saved) and early stopping (the best weights are saved). A damaged newest
 * checkpoint is skipped with a warning.
 */
class CheckpointsTest {
    /** A small run with dropout, early stopping and a ragged last batch. */
    private static final TrainingSettings SETTINGS = TrainingSettings.defaults()
            .withLayers("16 relu, dropout 0.2, 3 softmax").withEpochs(5).withBatchSize(16).withPatience(2)
            .withOptimizer("adam", 0.01);
    private static final Dataset DATA = BuiltinDataset.BLOBS.load(new Rng(1));

    @TempDir
    Path dir;

    /** Thrown by the listener at the chosen step: the stand-in for a crash. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("crash");
        }
    }

    private static TrainingListener crashAt(long step) {
        return new TrainingListener() {
            private long steps;

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                if (++steps == step) {
                    throw new Crash();
                }
            }
        };
    }

    @Test
    void aRunResumedAfterCrashesEndsWithExactlyTheUninterruptedWeights() {
        // Given the uninterrupted run's weights
        String expected = Training.run(DATA, null, SETTINGS, List.of()).model().weightsSha256();
        // When the same run with checkpoints every 5 steps crashes several times (at the first step,
        // then after 12, 9, 17, 20 and 7 more steps of each resumed process: mid-epoch and across
        // epoch ends) and is resumed each time
        Checkpoints.Policy policy = new Checkpoints.Policy(dir, 5, 2);
        List<String> notes = new ArrayList<>();
        for (long crash : new long[] {1, 12, 9, 17, 20, 7}) {
            assertThatThrownBy(() -> Training.run(DATA, null, SETTINGS, List.of(crashAt(crash)), policy, notes::add))
                    .isInstanceOf(Crash.class);
        }
        TrainingResult resumed = Training.run(DATA, null, SETTINGS.withThreads(2), List.of(), policy, notes::add);
        // Then the weights and the history are those of the run that was never interrupted
        assertThat(resumed.model().weightsSha256()).isEqualTo(expected);
        assertThat(resumed.history().epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("resuming from ").contains("step 10"));
        // And only the newest two checkpoints are kept, with no temporary file left
        assertThat(files()).hasSize(2).allSatisfy(f -> assertThat(f).matches("checkpoint-\\d{12}\\.bpck"));
    }

    @Test
    void aDamagedCheckpointIsDetectedAndThePreviousOneUsed() throws IOException {
        // Given the uninterrupted weights, and a run that crashed after saving several checkpoints
        String expected = Training.run(DATA, null, SETTINGS, List.of()).model().weightsSha256();
        Checkpoints.Policy policy = new Checkpoints.Policy(dir, 4, 3);
        assertThatThrownBy(() -> Training.run(DATA, null, SETTINGS, List.of(crashAt(35)), policy, n -> { }))
                .isInstanceOf(Crash.class);
        List<String> files = files();
        assertThat(files).hasSize(3);
        // When one bit of the newest checkpoint flips, and the one before it is cut short
        Path newest = dir.resolve(files.get(files.size() - 1));
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        Path second = dir.resolve(files.get(files.size() - 2));
        byte[] all = Files.readAllBytes(second);
        Files.write(second, java.util.Arrays.copyOf(all, all.length - 100));
        List<String> notes = new ArrayList<>();
        TrainingResult resumed = Training.run(DATA, null, SETTINGS, List.of(), policy, notes::add);
        // Then both are reported by name with the reason, the oldest is used, and the result is exact
        assertThat(notes.get(0)).startsWith("warning: checkpoint " + newest).contains("checksum mismatch")
                .endsWith("using the one before it");
        assertThat(notes.get(1)).startsWith("warning: checkpoint " + second).contains("checksum mismatch");
        assertThat(notes.get(2)).startsWith("resuming from " + dir.resolve(files.get(0)));
        assertThat(resumed.model().weightsSha256()).isEqualTo(expected);
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingTheSetting() {
        // Given checkpoints of a run with seed 42
        Checkpoints.Policy policy = new Checkpoints.Policy(dir, 0, 1);
        Training.run(DATA, null, SETTINGS.withEpochs(1), List.of(), policy, n -> { });
        // When a run with another seed resumes from them, Then it is refused, naming what differs
        assertThatThrownBy(() -> Training.run(DATA, null, SETTINGS.withEpochs(1).withSeed(7), List.of(), policy, n -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is from another run: seed was 42, now 7");
    }

    @Test
    void aResumedCompleteRunTrainsNoFurther() {
        // Given a finished run with checkpoints
        Checkpoints.Policy policy = new Checkpoints.Policy(dir, 0, 1);
        String first = Training.run(DATA, null, SETTINGS, List.of(), policy, n -> { }).model().weightsSha256();
        // When it is resumed, Then no step is taken and the weights are the same
        List<Long> steps = new ArrayList<>();
        TrainingListener count = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                steps.add(1L);
            }
        };
        String again = Training.run(DATA, null, SETTINGS, List.of(count), policy, n -> { }).model().weightsSha256();
        assertThat(steps).isEmpty();
        assertThat(again).isEqualTo(first);
    }

    private List<String> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
