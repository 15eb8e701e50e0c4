package org.backprop.cli;

import java.util.ArrayList;
import java.util.List;
import org.backprop.data.Dataset;
import org.backprop.data.Task;

/**
 * Data that trains, but whose result means little: a single row, a single class, classes with a
 * single row. Training goes on; these are printed as warnings first.
 */
final class DataWarnings {
    /** Fewer rows than this are called out. */
    static final int FEW_ROWS = 10;

    private DataWarnings() {
    }

    /** The warnings for training on {@code d} with these held-out shares, in words; empty if none. */
    static List<String> of(Dataset d, double validation, double test) {
        List<String> w = new ArrayList<>();
        if (d.size() < FEW_ROWS) {
            w.add("only " + d.size() + " row" + (d.size() == 1 ? "" : "s") + (validation + test > 0
                    ? ": the validation and test splits get few or none, and their metrics mean little" : ""));
        }
        if (d.task() != Task.CLASSIFICATION) {
            return w;
        }
        int[] counts = new int[d.classNames().size()];
        for (int label : d.labels()) {
            counts[label]++;
        }
        List<String> present = new ArrayList<>();
        List<String> single = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                present.add(d.classNames().get(c));
            }
            if (counts[c] == 1) {
                single.add(d.classNames().get(c));
            }
        }
        if (present.size() == 1) {
            w.add("every row has the same class ('" + present.get(0) + "'): the model can only learn to answer it");
        } else if (!single.isEmpty() && d.size() >= 2) {
            w.add((single.size() == 1 ? "class '" + single.get(0) + "' has" : single.size() + " classes ("
                    + String.join(", ", single.subList(0, Math.min(5, single.size()))) + (single.size() > 5 ? ", …" : "")
                    + ") have") + " a single row: it cannot be both learned and tested");
        }
        return w;
    }
}
