package org.backprop.train;

import org.backprop.data.Scaling;
import org.backprop.data.Task;
import org.backprop.loop.EarlyStopping;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.OptimizerKind;
import org.backprop.optim.ScheduleKind;

/**
 * The choices made for the user, all in this one class: the default settings
 * ({@link #settings()}), and the output layer and the loss that match the task.
 *
 * <ul>
 *   <li>classification with {@code C} classes: output {@code C softmax}, loss cross-entropy (computed
 *       from the logits, fused and stable);</li>
 *   <li>regression with {@code k} values: output {@code k identity}, loss mean squared error.</li>
 * </ul>
 * Initial weights follow the activation of each layer (He for the ReLU family, Xavier otherwise;
 * see {@link Activation#defaultInitializer()}).
 */
public final class TrainingDefaults {
    private TrainingDefaults() {
    }

    /**
     * The defaults of {@code backprop train} and of {@link TrainingSettings#defaults()}, the one place
     * they are written: 256,128 relu, the loss matching the task, Adam at its usual rate (0.001),
     * batch 32, L2 1e-4, the epochs from {@link TrainingSettings#EPOCH_BUDGET}, early stopping after 10
     * epochs without a better validation metric (accuracy or R², ties broken by the lower loss, as
     * scikit-learn's {@code early_stopping} watches the score; keeping the best epoch's weights; without
     * validation rows, once the training loss has converged), seed 42, a 10% validation split when it has at
     * least {@link TrainingSettings#MIN_VALIDATION_ROWS} rows, a 20% test split, {@code auto} scaling
     * (one mean and standard deviation for features on one scale such as pixels, per feature
     * otherwise), 1 thread, a constant rate, no L1 penalty and no gradient clipping. The command line
     * shows these as its defaults.
     *
     * @return the defaults
     */
    public static TrainingSettings settings() {
        return new TrainingSettings("256,128", Activation.relu(), null, OptimizerKind.ADAM, Double.NaN, 32, 0, 42,
                Double.NaN, 0.2, 10, Scaling.AUTO, 1, 1e-4, ScheduleKind.CONSTANT, 0, 0, EarlyStopping.Monitor.METRIC);
    }

    /**
     * The network spec for {@code layers}: hidden widths ({@code "256,128"}, or empty for none) get
     * {@code activation} and the matching output layer; a whole spec ({@code "64 relu, 10 softmax"})
     * is used as written, its output width checked against the data.
     *
     * @throws IllegalArgumentException naming what does not fit
     * @param layers  hidden widths or a whole spec
     * @param hidden  the hidden layers' activation
     * @param task    the task
     * @param outputs the output width the data needs
     * @return the whole spec
     */
    public static NetworkSpec networkSpec(String layers, Activation hidden, Task task, int outputs) {
        String text = layers == null ? "" : layers.trim();
        if (text.matches("[0-9,\\s]*")) {
            StringBuilder sb = new StringBuilder();
            for (String w : text.split(",")) {
                if (!w.isBlank()) {
                    sb.append(w.trim()).append(' ').append(hidden).append(", ");
                }
            }
            sb.append(outputs).append(task == Task.CLASSIFICATION ? " softmax" : " identity");
            return NetworkSpec.parse(sb.toString());
        }
        NetworkSpec spec = NetworkSpec.parse(text, hidden);
        if (spec.outputWidth() != outputs) {
            throw new IllegalArgumentException("the network spec '" + spec + "' ends with " + spec.outputWidth()
                    + " outputs, but the data needs " + outputs + (task == Task.CLASSIFICATION ? " (one per class)" : ""));
        }
        return spec;
    }

    /**
     * The loss chosen, or for {@code null} (auto) the one matching the task and the output layer:
     * cross-entropy after a softmax, softmax-cross-entropy on raw logits, MSE for regression.
     *
     * @param chosen the loss asked for, or {@code null}
     * @param task   the task
     * @param spec   the network
     * @return the loss
     */
    public static Loss loss(Loss chosen, Task task, NetworkSpec spec) {
        if (chosen != null) {
            checkFits(chosen, task, spec);
            return chosen;
        }
        if (task == Task.REGRESSION) {
            return Losses.mse();
        }
        Activation out = spec.outputActivation();
        if (out.kind() == Activation.Kind.SOFTMAX) {
            return Losses.crossEntropy();
        }
        if (out.equals(Activation.identity())) {
            return Losses.softmaxCrossEntropy();
        }
        throw new IllegalArgumentException("classification needs a softmax (or identity = logits) output layer, got '"
                + out + "'; end the spec with '" + spec.outputWidth() + " softmax'");
    }

    /**
     * Refuses a loss that cannot work for the task and the output layer, before any training: a
     * cross-entropy (or binary cross-entropy) needs class targets, and {@code cross-entropy} reads
     * probabilities, so it needs a softmax output.
     *
     * @throws IllegalArgumentException saying which loss fits instead
     */
    static void checkFits(Loss loss, Task task, NetworkSpec spec) {
        String n = loss.name();
        boolean classesOnly = n.equals("cross-entropy") || n.equals("softmax-cross-entropy") || n.startsWith("bce");
        if (classesOnly && task == Task.REGRESSION) {
            throw new IllegalArgumentException("--loss " + n + " needs class labels, but this data is for regression "
                    + "(numeric targets); use mse, mae or huber, or --task classification if the labels are classes");
        }
        if (n.equals("cross-entropy") && spec.outputActivation().kind() != Activation.Kind.SOFTMAX) {
            throw new IllegalArgumentException("--loss cross-entropy reads probabilities from a softmax output layer, but "
                    + "the network ends with '" + spec.outputActivation() + "'; end it with '" + spec.outputWidth()
                    + " softmax', or use --loss softmax-cross-entropy for raw outputs (logits)");
        }
    }
}
