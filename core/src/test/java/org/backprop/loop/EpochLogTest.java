package org.backprop.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history's columns give back exactly the records put in, and a frozen view does not move. */
class EpochLogTest {

    private static EpochRecord record(int e, double loss, double rate, long steps) {
        return new EpochRecord(e, loss, Double.NaN, "accuracy", Double.NaN, rate, 0.25, 0.25 * e, steps,
                e % 3 == 0 ? Map.of("layers.0.weight", 0.5 * e) : Map.of(), e == 2 ? 0.75 : Double.NaN,
                e == 4 ? Map.of("layers.0.weight", new WeightSummary(-1, 1, new long[] {1, 2}, 0.01)) : Map.of());
    }

    @Test
    void givesBackEveryFigureExactly() {
        // Given records whose columns stay constant, count on evenly, then break off (steps 5 to 25, then 26),
        // with NaN, -0.0 and maps in some epochs only
        EpochLog log = new EpochLog();
        List<EpochRecord> in = new ArrayList<>();
        for (int e = 1; e <= 7; e++) {
            EpochRecord r = record(e, e == 5 ? -0.0 : 1.0 / e, e < 6 ? 0.01 : 0.001, e <= 5 ? 5L * e : 20L + e);
            in.add(r);
            log.add(r);
        }
        // Then each read record equals the one put in, bit for bit
        assertThat(log).hasSize(7);
        for (int i = 0; i < 7; i++) {
            EpochRecord got = log.get(i);
            EpochRecord want = in.get(i);
            assertThat(got.epoch()).isEqualTo(want.epoch());
            assertThat(Double.doubleToRawLongBits(got.trainLoss())).isEqualTo(Double.doubleToRawLongBits(want.trainLoss()));
            assertThat(got.validationLoss()).isNaN();
            assertThat(got.learningRate()).isEqualTo(want.learningRate());
            assertThat(got.steps()).isEqualTo(want.steps());
            assertThat(got.elapsedSeconds()).isEqualTo(want.elapsedSeconds());
            assertThat(Double.doubleToRawLongBits(got.trainMetric())).isEqualTo(Double.doubleToRawLongBits(want.trainMetric()));
            assertThat(got.gradientNorms()).isEqualTo(want.gradientNorms());
            assertThat(got.weights().keySet()).isEqualTo(want.weights().keySet());
            assertThat(got.toMap()).isEqualTo(want.toMap());
        }
        assertThat(log.trainLoss(4)).isEqualTo(-0.0);
    }

    @Test
    void aFrozenViewIgnoresLaterEpochsAndRefusesChanges() {
        // Given a log of 3 evenly counting epochs, frozen, then 40 more epochs that break every column
        EpochLog log = new EpochLog();
        for (int e = 1; e <= 3; e++) {
            log.add(record(e, 1.0, 0.01, 10L * e));
        }
        EpochLog frozen = log.frozen();
        for (int e = 4; e <= 43; e++) {
            log.add(record(e, 1.0 / e, 0.02 * e, 7L * e + 1));
        }
        // Then the view still holds the first three, as they were
        assertThat(frozen).hasSize(3);
        assertThat(frozen.get(2).steps()).isEqualTo(30L);
        assertThat(frozen.get(2).learningRate()).isEqualTo(0.01);
        assertThat(frozen.isFrozen()).isTrue();
        assertThat(log).hasSize(43);
        assertThat(log.get(42).steps()).isEqualTo(7L * 43 + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> frozen.add(record(4, 1, 1, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        // and a History keeps the view itself (no copy of every record)
        History h = new History(frozen, StopReason.COMPLETED, "", 0, 3, "fused-mlp");
        assertThat(h.epochs()).isSameAs(frozen);
        assertThat(h.trainLosses()).containsExactly(1.0, 1.0, 1.0);
    }
}
