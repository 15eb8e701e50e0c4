package org.backprop.train;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.data.Scaling;
import org.backprop.loop.EarlyStopping;
import org.backprop.loop.EpochRecord;
import org.backprop.loop.History;
import org.backprop.loop.ProgressPrinter;
import org.backprop.loop.StopReason;
import org.backprop.loop.Trainer;
import org.backprop.loop.TrainerConfig;
import org.backprop.loop.TrainingListener;
import org.backprop.loop.TrainingStart;
import org.backprop.loop.WeightSummary;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.OptimizerKind;
import org.backprop.optim.Optimizers;
import org.backprop.optim.Regularization;
import org.backprop.optim.ScheduleKind;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


class TrainingTest {

    @Test
    void learnsBlobsAndRecordsHistory() {
        // Given three Gaussian blobs and a small network
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));

        // When it trains for 5 epochs
        TrainingResult r = Training.run(blobs, null, TrainingSettings.defaults().withLayers("16").withEpochs(5).withThreads(1)
                .withOptimizer("adam", 0.01), List.of());

        // Then the test accuracy is high and the history has one record per epoch with every field
        assertThat(r.test().classification().accuracy()).isGreaterThan(0.95);
        assertThat(r.history().epochs()).hasSize(5);
        assertThat(r.history().stopReason()).isEqualTo(StopReason.COMPLETED);
        EpochRecord last = r.history().last();
        assertThat(last.trainLoss()).isLessThan(r.history().epochs().get(0).trainLoss());
        assertThat(last.validationMetric()).isGreaterThan(0.9);
        assertThat(last.metricName()).isEqualTo("accuracy");
        assertThat(last.learningRate()).isEqualTo(0.01);
        assertThat(last.gradientNorms().keySet()).containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight",
                "layers.1.bias");
        assertThat(last.gradientNorms().values()).allSatisfy(v -> assertThat(v).isPositive().isFinite());
        assertThat(last.steps()).isEqualTo(5L * ((r.split().train().size() + 31) / 32));
        // the training metric is recorded too (it was always NaN): the accuracy on the training rows after the epoch
        assertThat(last.trainMetric()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
        assertThat(r.history().epochs()).allSatisfy(e -> assertThat(e.trainMetric()).isBetween(0.0, 1.0));
        assertThat(last.toMap()).containsKey("trainAccuracy").containsKey("updateRatios");
        // each parameter's histogram counts every value, and the epoch moved every parameter a little
        WeightSummary w = last.weights().get("layers.0.weight");
        assertThat(java.util.Arrays.stream(w.counts()).sum()).isEqualTo(16L * r.split().train().featureCount());
        assertThat(last.weights().values()).allSatisfy(v -> assertThat(v.updateRatio()).isPositive().isLessThan(1));
    }

    @Test
    void clippingFromTheSettingsRunsOnTheFusedEngineAndBoundsEveryGradient() {
        // Given blobs, and the same settings with and without clipping to norm 0.05
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));
        TrainingSettings plain = TrainingSettings.defaults().withLayers("16").withEpochs(3).withOptimizer("sgd", 0.5);
        TrainingSettings clipped = plain.toBuilder().clipNorm(0.05).l1(1e-4).build();

        // When both train
        TrainingResult free = Training.run(blobs, null, plain, List.of());
        TrainingResult held = Training.run(blobs, null, clipped, List.of());

        // Then the clipped run stays on the fused engine, every parameter's mean gradient norm is
        // within the limit (the joint norm is), unlike the run without clipping, and the model says so
        assertThat(held.history().engine()).isEqualTo("fused-mlp");
        assertThat(held.history().epochs()).allSatisfy(e ->
                assertThat(e.gradientNorms().values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(0.05 + 1e-9)));
        assertThat(free.history().epochs().get(0).gradientNorms().values()).anySatisfy(n -> assertThat(n).isGreaterThan(0.05));
        assertThat(held.model().provenance().settings()).containsEntry("clipNorm", 0.05).containsEntry("l1", 1e-4);
        assertThat(free.model().provenance().settings()).doesNotContainKeys("clipNorm", "l1");
    }

    @Test
    void theSameSeedGivesTheSameWeightsWhateverTheThreadCount() {
        Dataset xor = BuiltinDataset.XOR.load(new Rng(2));
        TrainingSettings s = TrainingSettings.defaults().withLayers("8").withEpochs(2);
        String one = Training.run(xor, null, s.withThreads(1), List.of()).model().weightsSha256();
        String two = Training.run(xor, null, s.withThreads(2), List.of()).model().weightsSha256();
        String again = Training.run(xor, null, s.withThreads(1), List.of()).model().weightsSha256();
        String otherSeed = Training.run(xor, null, s.withThreads(1).withSeed(7), List.of()).model().weightsSha256();
        assertThat(two).isEqualTo(one);
        assertThat(again).isEqualTo(one);
        assertThat(otherSeed).isNotEqualTo(one);
    }

    @Test
    void aDivergingLossStopsWithWhereAndAHint() {
        // Given plain gradient descent with an absurd learning rate on the sine regression
        Dataset sine = BuiltinDataset.SINE.load(new Rng(3));
        TrainingSettings s = TrainingSettings.defaults().withLayers("16").withEpochs(5).withOptimizer("sgd", 1e6).withThreads(1);

        // When it trains
        TrainingResult r = Training.run(sine, null, s, List.of());

        // Then it stops, saying at which step, the last finite loss, and to lower the learning rate
        assertThat(r.diverged()).isTrue();
        assertThat(r.history().message()).matches("training stopped: the loss became (NaN|infinite) at step \\d+ "
                + "\\(epoch \\d+, batch \\d+ of \\d+\\); (the last finite loss was .* at step \\d+|there was no finite loss before it)\\. "
                + "The learning rate 1e\\+06 is probably too high: try a lower one, such as --lr 1e\\+05");
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // Given a network trained for up to 200 epochs with patience 3, where only a drop of the
        // validation loss by more than 1.0 counts as better (so only the first epoch improves)
        Dataset xor = BuiltinDataset.XOR.load(new Rng(4));
        Rng rng = new Rng(5);
        NetworkSpec spec = NetworkSpec.parse("32 relu, 2 softmax");
        Network net = spec.build(2, rng.fork(1));
        org.backprop.data.DataSplit split = org.backprop.data.Splits.split(xor, 0.3, 0, rng.fork(2));
        List<Integer> seen = new ArrayList<>();
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord record) {
                seen.add(record.epoch());
            }
        };
        Trainer trainer = new Trainer(TrainerConfig.of(200, 16).withEarlyStopping(
                new EarlyStopping(3, 1.0, EarlyStopping.Restore.BEST_WEIGHTS)), List.of(counter));

        // When it trains
        History h = trainer.fit(net, Losses.crossEntropy(), Optimizers.forName("adam", net.parameters(), 0.05),
                Regularization.NONE, split.train(), split.validation(), rng.fork(3));

        // Then it stopped 3 epochs after the best one, and the model has the best epoch's weights
        assertThat(h.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
        assertThat(h.bestEpoch()).isEqualTo(1);
        assertThat(h.epochs()).hasSize(4);
        assertThat(h.keptEpoch()).isEqualTo(h.bestEpoch());
        assertThat(seen).hasSize(h.epochs().size());
        double bestLoss = h.epochs().get(h.bestEpoch() - 1).validationLoss();
        assertThat(Trainer.lossAndMetric(net, Losses.crossEntropy(), split.validation())[0]).isEqualTo(bestLoss);
        assertThat(h.message()).startsWith("stopped early after epoch " + h.epochs().size());
    }

    @Test
    void progressLinesOnePerEpoch() {
        StringWriter out = new StringWriter();
        Dataset sine = BuiltinDataset.SINE.load(new Rng(3));
        TrainingSettings s = TrainingSettings.defaults().toBuilder().layers("8").activation(Activation.tanh())
                .optimizer(OptimizerKind.ADAM).learningRate(0.01).batchSize(64).epochs(2).seed(1).validationFraction(0.1)
                .testFraction(0.1).scaling(Scaling.STANDARD).threads(1).schedule(ScheduleKind.CONSTANT).build();
        Training.run(sine, null, s, List.of(new ProgressPrinter(new PrintWriter(out), ProgressPrinter.Style.LINES)));
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEqualTo("ran all 2 epochs; kept the last epoch's weights (the best validation r2)");
        assertThat(lines[0]).matches("epoch 1/2  loss \\d\\.\\d{4}  val_loss \\d\\.\\d{4}  val_r2 -?\\d\\.\\d{4}  lr 0\\.0100  "
                + "\\d+\\.\\ds  ETA \\d+s");
    }

    @Test
    void cosineScheduleLowersTheRateEachEpoch() {
        // Given the cosine schedule over 4 epochs: η·(0.01 + 0.99·(1 + cos(π·e/4))/2) for e = 0 … 3
        Dataset blobs = BuiltinDataset.BLOBS.load(new Rng(1));
        TrainingSettings s = TrainingSettings.defaults().withLayers("4").withEpochs(4).withOptimizer("sgd", 0.1)
                .withSchedule(ScheduleKind.COSINE).withThreads(1);

        // When it trains
        History h = Training.run(blobs, null, s, List.of()).history();

        // Then the recorded learning rates follow the formula
        double[] expected = {0.1, 0.1 * (0.01 + 0.99 * (1 + Math.cos(Math.PI / 4)) / 2), 0.1 * (0.01 + 0.99 * 0.5),
            0.1 * (0.01 + 0.99 * (1 + Math.cos(3 * Math.PI / 4)) / 2)};
        for (int e = 0; e < 4; e++) {
            assertThat(h.epochs().get(e).learningRate()).isCloseTo(expected[e], org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void theBarRedrawsInPlaceAndEndsEachEpochWithALine() {
        // Given a bar printer told about one epoch of 4 batches
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), ProgressPrinter.Style.BAR);
        p.onTrainingStart(new TrainingStart(1, 4, 100, 0, "accuracy", "autograd"));

        // When the last batch ends and then the epoch
        p.onBatchEnd(1, 4, 4, 0.5);
        p.onEpochEnd(new EpochRecord(1, 0.5, Double.NaN, "accuracy", Double.NaN, 0.01, 1.25, 1.25, 4, java.util.Map.of()));

        // Then the bar was drawn after a carriage return, and the epoch line replaced it and ended the line
        String text = out.toString();
        assertThat(text).startsWith("\repoch 1/1 [=======================>] 100%  loss 0.5000  ETA 0s");
        assertThat(text).endsWith("\repoch 1/1  loss 0.5000  lr 0.0100  1.3s  ETA 0s" + " ".repeat(15) + System.lineSeparator());
    }
}
