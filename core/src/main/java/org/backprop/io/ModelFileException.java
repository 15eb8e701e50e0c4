package org.backprop.io;

import java.util.List;

/**
 * A model file that cannot be loaded, with every problem found (not just the first), each naming
 * the field or parameter it is about.
 */
public final class ModelFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** An array rather than a List: an exception is Serializable, and so must its fields be. */
    private final String[] problems;

    /** A failure to load {@code source} for {@code problems}. */
    public ModelFileException(String source, List<String> problems) {
        super(source + ": not a valid model file (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "): " + String.join("; ", problems));
        this.problems = problems.toArray(String[]::new);
    }

    /** Every problem found. */
    public List<String> problems() {
        return List.of(problems);
    }
}
