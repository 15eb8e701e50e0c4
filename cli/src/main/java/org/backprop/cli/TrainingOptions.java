package org.backprop.cli;

import org.backprop.data.Scaling;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.optim.OptimizerKind;
import org.backprop.optim.ScheduleKind;
import org.backprop.train.TrainingDefaults;
import org.backprop.train.TrainingSettings;
import picocli.CommandLine.Option;

/**
 * The options that choose what is trained and how — network, loss, optimiser, batch, epochs, seed,
 * scaling, penalty — declared once for every command that trains (a picocli mixin: {@code backprop
 * train} and {@code backprop-spark train}). Their defaults are {@link TrainingDefaults#settings()}.
 */
public final class TrainingOptions {
    private static final TrainingSettings DEFAULTS = TrainingDefaults.settings();

    @Option(names = "--layers", paramLabel = "SPEC", description = {"Hidden layer widths, such "
            + "as 256,128 (the output layer is added to match the data), or a whole spec such as "
            + "'64 relu, dropout 0.2, 10 softmax'. Default: ${DEFAULT-VALUE}."})
    String layers = DEFAULTS.layers();

    @Option(names = "--activation", paramLabel = "NAME",
            description = "Activation of the hidden layers: relu, tanh, sigmoid, leaky_relu, elu, gelu, … Default: ${DEFAULT-VALUE}.")
    String activation = DEFAULTS.activation().toString();

    @Option(names = "--loss", paramLabel = "NAME", description = "auto (cross-entropy or mse), mse, mae, huber, cross-entropy, … Default: ${DEFAULT-VALUE}.")
    String loss = "auto";

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw. Default: ${DEFAULT-VALUE}.")
    String optimizer = DEFAULTS.optimizer().label();

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 0.001 for adam/adamw/rmsprop, "
            + "0.01 adagrad, 0.1 sgd).")
    Double lr;

    @Option(names = "--lr-schedule", paramLabel = "NAME", description = "Learning rate over "
            + "the epochs: constant, or cosine (annealed down to 1%% by the last epoch). Default: ${DEFAULT-VALUE}.")
    String schedule = DEFAULTS.schedule().label();

    @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch = DEFAULTS.batchSize();

    @Option(names = "--epochs", paramLabel = "N", description = {"Epochs (at most). Default: from the size of the "
            + "data, enough optimizer steps on small data and fewer epochs on big data; early stopping usually ends "
            + "training sooner."})
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of every random choice; the same seed gives the same model. Default: ${DEFAULT-VALUE}.")
    long seed = DEFAULTS.seed();

    @Option(names = "--scaling", paramLabel = "KIND",
            description = {"Feature scaling fitted on the training rows: auto (global when the "
                + "features share one scale, as pixels do, else standard), standard (per feature), global (one mean "
                + "and standard deviation for all), minmax, none. Default: ${DEFAULT-VALUE}."})
    String scaling = DEFAULTS.scaling().label();

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 weight penalty. Default: ${DEFAULT-VALUE}.")
    double l2 = DEFAULTS.l2();

    /**
     * {@code base} with the choices of these options, checked.
     *
     * @param base the builder to set; it is changed (every setting these options hold is set on it)
     * @return {@code base} itself, for chaining
     * @throws UsageException naming the option whose value does not fit
     */
    public TrainingSettings.Builder applyTo(TrainingSettings.Builder base) {
        check(batch >= 1, "--batch must be at least 1, got " + batch);
        check(epochs == null || epochs >= 1, "--epochs must be at least 1, got " + epochs);
        check(lr == null || lr > 0 && Double.isFinite(lr), "--lr must be a positive number, got " + lr);
        check(l2 >= 0 && Double.isFinite(l2), "--l2 must be 0 or more, got " + l2);
        Scaling s = TrainCommand.parse(() -> Scaling.parse(scaling));
        check(s != Scaling.AFFINE, "--scaling affine is a model's own (imported) scaling, it cannot be fitted; "
                + "choose standard, minmax or none");
        return TrainCommand.parse(() -> base.layers(layers).activation(Activation.parse(activation))
                .loss(loss.trim().equalsIgnoreCase("auto") ? null : Losses.forName(loss))
                .optimizer(OptimizerKind.parse(optimizer)).learningRate(lr == null ? Double.NaN : lr).batchSize(batch)
                .epochs(epochs == null ? 0 : epochs).seed(seed).scaling(s).l2(l2).schedule(ScheduleKind.parse(schedule)));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }
}
