package org.backprop.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.backprop.data.BuiltinDataset;
import org.backprop.data.Dataset;
import org.backprop.model.TrainedModel;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;

/** Training from a model's weights ({@code train --init}): it starts where the model is, and must fit the data. */
class FineTuneTest {
    private static final TrainingSettings SETTINGS = TrainingSettings.defaults().withLayers("16").withThreads(1);

    @Test
    void startsFromTheModelsWeightsAndKeepsItsNetworkAndScaler() {
        // Given a model trained 30 epochs on Iris
        Dataset iris = BuiltinDataset.IRIS.load(new Rng(42));
        TrainedModel trained = Training.run(iris, null, SETTINGS.withEpochs(30), List.of()).model();

        // When one more epoch starts from it (the layers setting says otherwise: it is not used), and one from scratch
        TrainingResult tuned = Training.run(iris, null, SETTINGS.withLayers("7,7").withEpochs(1), trained, List.of());
        TrainingResult fresh = Training.run(iris, null, SETTINGS.withEpochs(1), List.of());

        // Then the fine-tuned run has the model's network and scaler, and its first epoch is far better than a fresh one
        assertThat(tuned.model().network().spec()).isEqualTo(trained.network().spec());
        assertThat(tuned.model().scaler()).isEqualTo(trained.scaler());
        assertThat(tuned.history().epochs().get(0).trainLoss()).isLessThan(fresh.history().epochs().get(0).trainLoss() * 0.7);
        assertThat(tuned.model().provenance().settings()).containsEntry("initWeightsSha256", trained.weightsSha256());
        // and the given model is left as it was
        assertThat(tuned.model().weightsSha256()).isNotEqualTo(trained.weightsSha256());
        assertThat(trained.weightsSha256()).isEqualTo(Training.run(iris, null, SETTINGS.withEpochs(30), List.of())
                .model().weightsSha256());
    }

    @Test
    void aModelThatDoesNotFitTheDataIsRefusedNamingEveryMismatch() {
        Dataset iris = BuiltinDataset.IRIS.load(new Rng(42));
        TrainedModel irisModel = Training.run(iris, null, SETTINGS.withEpochs(1), List.of()).model();
        Dataset digits = BuiltinDataset.DIGITS.load(new Rng(42));
        assertThatThrownBy(() -> Training.run(digits, null, SETTINGS, irisModel, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the initial model does not fit the data: the model takes 4 features, the data has 64; "
                        + "the model's classes (setosa, versicolor, virginica) are not the data's (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)");
        Dataset sine = BuiltinDataset.SINE.load(new Rng(42));
        assertThatThrownBy(() -> Training.checkFits(irisModel, sine))
                .hasMessage("the initial model does not fit the data: the model is for classification, the data for "
                        + "regression; the model takes 4 features, the data has 1");
    }
}
