package org.backprop.io;

import java.util.List;

/**
 * A model file that cannot be loaded, with every problem found (not just the first), each naming
 * the field or parameter it is about.
 */
public final class ModelFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** A failure to load {@code source} for {@code problems}. */
    public ModelFileException(String source, List<String> problems) {
        super(source + ": not a valid model file (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "): " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<String> problems() {
        return problems;
    }
}
