package org.backprop.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.loop.EarlyStopping;
import org.backprop.loop.EpochRecord;
import org.backprop.loop.History;
import org.backprop.loop.PlateauDecay;
import org.backprop.loop.StopReason;
import org.backprop.loop.Trainer;
import org.backprop.loop.TrainerConfig;
import org.backprop.loss.Losses;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.Optimizers;
import org.backprop.optim.Regularization;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

/** The default stop rule: the epoch budget, early stopping with restore-best, and the message saying why it stopped. */
class StoppingTest {

    @Test
    void theEpochBudgetGivesSmallDataEnoughStepsAndCapsBigData() {
        EpochBudget b = new EpochBudget(20_000, 10, 200);
        // 105 rows in batches of 32: 4 steps an epoch, 5000 epochs wanted, capped at 200
        assertThat(b.epochs(105, 32)).isEqualTo(200);
        // 7200 rows: 225 steps an epoch, ⌈20000 / 225⌉ = 89
        assertThat(b.epochs(7200, 32)).isEqualTo(89);
        // 1257 rows: 40 steps an epoch, exactly 500 wanted, capped
        assertThat(b.epochs(1257, 32)).isEqualTo(200);
        // 60000 rows: 1875 steps an epoch, ⌈20000 / 1875⌉ = 11
        assertThat(b.epochs(60_000, 32)).isEqualTo(11);
        // a million rows: 1 epoch would do, but never fewer than 10
        assertThat(b.epochs(1_000_000, 32)).isEqualTo(10);
        // one row: still bounded
        assertThat(b.epochs(1, 32)).isEqualTo(200);
    }

    @Test
    void theEpochBudgetRefusesImpossibleBounds() {
        assertThatThrownBy(() -> new EpochBudget(0, 1, 2)).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> new EpochBudget(10, 5, 4)).hasMessageContaining("1 ≤ minEpochs ≤ maxEpochs, got 5 and 4");
    }

    @Test
    void theDefaultsTakeTheirEpochsFromTheBudget() {
        assertThat(TrainingSettings.defaults().epochs()).isZero();
        assertThat(TrainingSettings.defaults().patience()).isPositive();
        assertThat(Training.epochs(TrainingSettings.defaults(), 7200))
                .isEqualTo(TrainingSettings.EPOCH_BUDGET.epochs(7200, TrainingSettings.defaults().batchSize()));
        assertThat(Training.epochs(TrainingSettings.defaults().withEpochs(7), 7200)).isEqualTo(7);
    }

    @Test
    void aRunThatUsesEveryEpochSaysSoAndWhichWeightsItKept() {
        // Given XOR, patience far beyond the 3 epochs, keeping the best weights
        Dataset xor = BuiltinDataset.XOR.load(new Rng(4));
        History h = fit(xor, 3, new EarlyStopping(50, 0, EarlyStopping.Restore.BEST_WEIGHTS));

        // Then it completed, and the message says so and names the kept epoch
        assertThat(h.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(h.message()).isEqualTo(h.keptEpoch() == 3
                ? "ran all 3 epochs; kept the last epoch's weights (the lowest validation loss)"
                : "ran all 3 epochs; restored the weights of epoch " + h.keptEpoch());
        assertThat(h.keptEpoch()).isEqualTo(h.bestEpoch());
    }

    @Test
    void theMetricMonitorWantsAHigherScoreAndBreaksTiesByTheLoss() {
        EarlyStopping byMetric = EarlyStopping.patience(10, EarlyStopping.Monitor.METRIC);
        EarlyStopping byLoss = EarlyStopping.patience(10);
        assertThat(byLoss.monitor()).isEqualTo(EarlyStopping.Monitor.LOSS);
        // the first epoch always improves on the initial best
        assertThat(byMetric.improves(0.9, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isTrue();
        // a higher accuracy wins even with a higher loss; the loss monitor says the opposite
        assertThat(byMetric.improves(0.30, 0.9650, 0.20, 0.9600)).isTrue();
        assertThat(byLoss.improves(0.30, 0.9650, 0.20, 0.9600)).isFalse();
        // the same accuracy: the loss decides, by more than minDelta (1e-4)
        assertThat(byMetric.improves(0.19, 0.9600, 0.20, 0.9600)).isTrue();
        assertThat(byMetric.improves(0.19995, 0.9600, 0.20, 0.9600)).isFalse();
        // a lower accuracy never improves, whatever the loss
        assertThat(byMetric.improves(0.01, 0.9587, 0.20, 0.9600)).isFalse();
        // a NaN metric (R² of constant targets) counts as -inf: the loss decides
        assertThat(byMetric.improves(0.19, Double.NaN, 0.20, Double.NEGATIVE_INFINITY)).isTrue();
        assertThat(byMetric.improves(0.19, Double.NaN, 0.20, 0.5)).isFalse();
    }

    @Test
    void onTheMetricALowerLossIsProgressToo() {
        EarlyStopping byMetric = EarlyStopping.patience(10, EarlyStopping.Monitor.METRIC);
        EarlyStopping byLoss = EarlyStopping.patience(10);
        // an accuracy on a plateau while the loss falls: progress on the metric, no new best epoch
        assertThat(byMetric.improves(0.60, 0.65, 0.50, 0.66)).isFalse();
        assertThat(byMetric.progresses(false, 0.60, 0.62)).isTrue();
        assertThat(byMetric.progresses(false, 0.61995, 0.62)).isFalse();
        // the loss monitor counts only its own improvements
        assertThat(byLoss.progresses(false, 0.60, 0.62)).isFalse();
        assertThat(byLoss.progresses(true, 0.70, 0.62)).isTrue();
    }

    @Test
    void stoppingOnTheMetricKeepsTheEpochWithTheBestValidationAccuracy() {
        // Given the built-in spirals with a 20% validation split, trained for 30 epochs without stopping early
        // but keeping the best weights by the validation accuracy
        TrainingSettings s = TrainingSettings.defaults().toBuilder().layers("16").epochs(30).validationFraction(0.2)
                .patience(1000).stopOn(EarlyStopping.Monitor.METRIC).threads(1).build();
        TrainingResult r = Training.run(BuiltinDataset.SPIRALS.load(new Rng(2)), null, s, List.of());

        // Then the kept epoch has the highest validation accuracy of the run, and the lowest loss among its ties
        List<EpochRecord> epochs = r.history().epochs();
        double best = epochs.stream().mapToDouble(EpochRecord::validationMetric).max().orElseThrow();
        EpochRecord kept = epochs.get(r.history().keptEpoch() - 1);
        assertThat(kept.validationMetric()).isEqualTo(best);
        assertThat(epochs.stream().filter(e -> e.validationMetric() == best).mapToDouble(EpochRecord::validationLoss).min()
                .orElseThrow()).isGreaterThanOrEqualTo(kept.validationLoss() - EarlyStopping.DEFAULT_MIN_DELTA);
        assertThat(r.model().provenance().settings().get("stopOn")).isEqualTo("metric");
    }

    @Test
    void aPlateauDecayCutsTheRateEveryPatienceEpochsWithoutImprovement() {
        PlateauDecay d = new PlateauDecay(5, 0.2);
        assertThat(d.multiplierAfter(0)).isEqualTo(1);
        assertThat(d.multiplierAfter(4)).isEqualTo(1);
        assertThat(d.multiplierAfter(5)).isEqualTo(0.2);
        assertThat(d.multiplierAfter(6)).isEqualTo(1);
        assertThat(d.multiplierAfter(10)).isEqualTo(0.2);
        assertThat(PlateauDecay.halfOf(10)).isEqualTo(new PlateauDecay(5, PlateauDecay.DEFAULT_FACTOR));
        assertThat(PlateauDecay.halfOf(1).patience()).isEqualTo(1);
        assertThat(PlateauDecay.halfOf(0).patience()).isEqualTo(5);
        assertThatThrownBy(() -> new PlateauDecay(0, 0.5)).hasMessage("plateau patience must be at least 1, got 0");
        assertThatThrownBy(() -> new PlateauDecay(3, 1.0)).hasMessage("plateau factor must be in (0, 1), got 1.0");
    }

    @Test
    void thePlateauScheduleLowersTheRateHalfAPatienceAfterTheBestEpoch() {
        // Given noise with random labels (the validation score soon stops improving) and the plateau schedule
        Dataset noise = noise(1300);
        TrainingSettings s = TrainingSettings.defaults().toBuilder().layers("64").threads(1)
                .schedule(org.backprop.optim.ScheduleKind.PLATEAU).build();

        // When it trains until early stopping ends it
        TrainingResult r = Training.run(noise, null, s, List.of());

        // Then each epoch's rate is the base rate times 0.2 per 5 epochs in a row without a better validation
        // accuracy (replayed here with early stopping's own rule), there was at least one cut, and the end
        // message counts them
        History h = r.history();
        assertThat(h.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
        Replay replay = Replay.of(EarlyStopping.patience(s.patience(), EarlyStopping.Monitor.METRIC), h.epochs());
        int cuts = 0;
        double rate = 0.001;
        for (EpochRecord e : h.epochs()) {
            assertThat(e.learningRate()).as("epoch %d", e.epoch()).isCloseTo(rate, org.assertj.core.data.Offset.offset(1e-15));
            int since = replay.sinceProgress.get(e.epoch() - 1);
            if (since > 0 && since % 5 == 0 && since < s.patience()) {
                rate *= 0.2;
                cuts++;
            }
        }
        assertThat(cuts).isPositive();
        assertThat(h.message()).contains("; the learning rate was lowered " + cuts + " time" + (cuts == 1 ? "" : "s")
                + " on plateaus (to ");
    }

    @Test
    void withoutEarlyStoppingTheLastWeightsAreKept() {
        History h = fit(BuiltinDataset.XOR.load(new Rng(4)), 2, EarlyStopping.OFF);
        assertThat(h.message()).isEqualTo("ran all 2 epochs");
        assertThat(h.keptEpoch()).isEqualTo(2);
    }

    @Test
    void trainingWithTheDefaultsStopsByItselfWhenItStartsToOverfit() {
        // Given 1300 rows of noise with random labels (nothing to learn: the validation loss soon rises),
        // enough for a default validation split of 130 rows
        Dataset noise = noise(1300);
        TrainingSettings s = TrainingSettings.defaults().withLayers("64").withThreads(1);

        // When it trains with the defaults (no epoch count)
        TrainingResult r = Training.run(noise, null, s, List.of());

        // Then the budget was 200 epochs (910 rows: 29 steps an epoch) and early stopping ended it
        // `patience` epochs after the last progress (a better accuracy or a lower loss, replayed here), and
        // restored the weights of the epoch with the best validation accuracy
        assertThat(Training.epochs(s, r.split().train().size())).isEqualTo(200);
        assertThat(r.history().stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
        Replay replay = Replay.of(EarlyStopping.patience(s.patience(), EarlyStopping.Monitor.METRIC), r.history().epochs());
        assertThat(r.history().epochs().size()).isLessThan(200).isEqualTo(replay.lastProgress + s.patience());
        assertThat(r.history().bestEpoch()).isEqualTo(replay.best);
        assertThat(r.history().keptEpoch()).isEqualTo(r.history().bestEpoch());
        assertThat(r.history().message()).matches("stopped early after epoch \\d+: neither the validation accuracy nor the "
                + "validation loss has improved for " + s.patience() + " epochs \\(best accuracy \\d\\.\\d{4} at epoch \\d+\\); "
                + "restored the weights of epoch " + r.history().bestEpoch());
        assertThat(r.model().provenance().settings().get("epochs")).isEqualTo(200L);
        assertThat(r.split().validation().size()).isEqualTo(130);
    }

    @Test
    void withoutValidationRowsTrainingStopsWhenTheTrainingLossConverges() {
        // Given 500 rows whose features are all 0 (the loss can only fit the class shares, and soon has),
        // too few for a default validation split of 100 rows
        Dataset flat = Dataset.classification("flat", org.backprop.tensor.Tensor.of(new float[500 * 2], 500, 2),
                java.util.stream.IntStream.range(0, 500).map(i -> i % 3 == 0 ? 1 : 0).toArray(), List.of("a", "b"), "label",
                List.of("no", "yes"));
        TrainingSettings s = TrainingSettings.defaults().withLayers("8").withThreads(1);

        // When it trains with the defaults
        TrainingResult r = Training.run(flat, null, s, List.of());

        // Then every non-test row trained, and it stopped once the training loss had not improved by
        // more than 1e-4 for 10 epochs, keeping the last weights
        assertThat(r.split().hasValidation()).isFalse();
        assertThat(r.split().train().size()).isEqualTo(400);
        assertThat(r.history().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.history().message()).matches("stopped after epoch \\d+: the training loss has not improved by more "
                + "than 0.0001 for 10 epochs \\(no validation rows to stop on\\)");
        assertThat(r.history().keptEpoch()).isEqualTo(r.history().epochs().size()).isLessThan(200);
        double[] losses = r.history().trainLosses();
        double best = Double.POSITIVE_INFINITY;
        for (int e = 0; e < losses.length - 10; e++) {
            best = Math.min(best, losses[e]);
        }
        for (int e = losses.length - 10; e < losses.length; e++) {
            assertThat(losses[e]).isGreaterThanOrEqualTo(best - 1e-4);
        }
    }

    private static History fit(Dataset data, int epochs, EarlyStopping early) {
        Rng rng = new Rng(5);
        Network net = NetworkSpec.parse("8 relu, 2 softmax").build(2, rng.fork(1));
        org.backprop.data.DataSplit split = org.backprop.data.Splits.split(data, 0.3, 0, rng.fork(2));
        return new Trainer(TrainerConfig.of(epochs, 16).withEarlyStopping(early), List.of()).fit(net, Losses.crossEntropy(),
                Optimizers.forName("adam", net.parameters(), 0.01), Regularization.NONE, split.train(), split.validation(),
                rng.fork(3));
    }

    /** {@code n} rows of 4 Gaussian features with random binary labels: nothing to learn. */
    private static Dataset noise(int n) {
        Rng rng = new Rng(11);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(2);
        }
        return Dataset.classification("noise", org.backprop.tensor.Tensor.of(x, n, 4), y,
                List.of("a", "b", "c", "d"), "label", List.of("0", "1"));
    }

    /** Early stopping's bookkeeping replayed over a run's records, with its own rules. */
    private static final class Replay {
        int best;
        int lastProgress;
        final List<Integer> sinceProgress = new java.util.ArrayList<>();

        static Replay of(EarlyStopping rule, List<EpochRecord> epochs) {
            Replay r = new Replay();
            double bestLoss = Double.POSITIVE_INFINITY;
            double bestMetric = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            int since = 0;
            for (EpochRecord e : epochs) {
                boolean better = rule.improves(e.validationLoss(), e.validationMetric(), bestLoss, bestMetric);
                boolean progress = rule.progresses(better, e.validationLoss(), lowest);
                lowest = Math.min(lowest, e.validationLoss());
                if (better) {
                    bestLoss = e.validationLoss();
                    bestMetric = e.validationMetric();
                    r.best = e.epoch();
                }
                if (progress) {
                    since = 0;
                    r.lastProgress = e.epoch();
                } else {
                    since++;
                }
                r.sinceProgress.add(since);
            }
            return r;
        }
    }
}
