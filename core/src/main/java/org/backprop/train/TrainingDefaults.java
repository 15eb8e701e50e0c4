package org.backprop.train;

import java.util.Locale;
import org.backprop.data.Task;
import org.backprop.loss.Loss;
import org.backprop.loss.Losses;
import org.backprop.nn.Activation;
import org.backprop.nn.NetworkSpec;
import org.backprop.optim.LearningRateSchedule;

/**
 * The choices made for the user: the output layer and the loss that match the task.
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
     * The network spec for {@code layers}: hidden widths ({@code "256,128"}, or empty for none) get
     * {@code activation} and the matching output layer; a whole spec ({@code "64 relu, 10 softmax"})
     * is used as written, its output width checked against the data.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public static NetworkSpec networkSpec(String layers, String activation, Task task, int outputs) {
        String text = layers == null ? "" : layers.trim();
        if (text.matches("[0-9,\\s]*")) {
            StringBuilder sb = new StringBuilder();
            Activation hidden = Activation.parse(activation);
            for (String w : text.split(",")) {
                if (!w.isBlank()) {
                    sb.append(w.trim()).append(' ').append(hidden).append(", ");
                }
            }
            sb.append(outputs).append(task == Task.CLASSIFICATION ? " softmax" : " identity");
            return NetworkSpec.parse(sb.toString());
        }
        NetworkSpec spec = NetworkSpec.parse(text, Activation.parse(activation));
        if (spec.outputWidth() != outputs) {
            throw new IllegalArgumentException("the network spec '" + spec + "' ends with " + spec.outputWidth()
                    + " outputs, but the data needs " + outputs + (task == Task.CLASSIFICATION ? " (one per class)" : ""));
        }
        return spec;
    }

    /**
     * The loss by name, or for {@code auto} (or {@code null}) the one matching the task and the
     * output layer: cross-entropy after a softmax, softmax-cross-entropy on raw logits, MSE for regression.
     */
    public static Loss loss(String name, Task task, NetworkSpec spec) {
        if (name != null && !name.isBlank() && !name.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            Loss chosen = Losses.forName(name);
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
        if (out.kind() == Activation.Kind.ELEMENTWISE && out.name().equals("identity")) {
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

    /**
     * The learning-rate schedule by name, counted in epochs: {@code constant}, or {@code cosine} —
     * cosine annealing from the base rate down to 1% of it over {@code epochs} epochs,
     * {@code η_e = η·(0.01 + 0.99·(1 + cos(π·e/epochs))/2)}: big steps early, fine ones at the end.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static LearningRateSchedule schedule(String name, int epochs) {
        switch (name == null ? "constant" : name.trim().toLowerCase(Locale.ROOT)) {
            case "constant": case "none": return LearningRateSchedule.constant();
            case "cosine": return LearningRateSchedule.cosine(Math.max(1, epochs), 0.01);
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'; expected constant or cosine");
        }
    }
}
