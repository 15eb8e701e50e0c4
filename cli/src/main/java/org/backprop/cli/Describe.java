package org.backprop.cli;

import java.util.List;
import java.util.Locale;
import org.backprop.data.Dataset;
import org.backprop.data.Task;
import org.backprop.nn.Network;
import org.backprop.nn.NetworkSpec;

/** Short human descriptions shared by the commands. */
final class Describe {
    private Describe() {
    }

    /** {@code 64 → 256 relu → 128 relu → 10 softmax}. */
    static String network(int inputs, NetworkSpec spec) {
        StringBuilder sb = new StringBuilder().append(inputs);
        for (NetworkSpec.Item item : spec.items()) {
            sb.append(" → ").append(item);
        }
        return sb.toString();
    }

    /** {@code 64 → 256 relu → 10 softmax  (19,210 parameters)}. */
    static String network(Network n) {
        return network(n.inputs(), n.spec()) + "  (" + count(n.parameterCount()) + " parameters)";
    }

    /** {@code 1797 rows, 64 features, 10 classes (classification)}. */
    static String data(Dataset d) {
        return d.size() + " rows, " + d.featureCount() + " features, "
                + (d.task() == Task.CLASSIFICATION ? d.classNames().size() + " classes" : d.outputCount() + " target")
                + " (" + d.task().label() + ")";
    }

    /** {@code 0, 1, 2, …, 9} (at most 8 names). */
    static String names(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 6)) + ", …, " + names.get(names.size() - 1);
    }

    /** {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
