package org.backprop.nn;

import java.util.List;

/**
 * Thrown by a strict {@link Module#loadStateDict} when the given weights do not fit the module. It
 * lists every problem at once (missing names, unexpected names, shape mismatches), not just the first.
 */
public class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** An array rather than a List: an exception is Serializable, and so must its fields be. */
    private final String[] problems;

    /**
     * Creates the exception from its list of problems, one line each.
     *
     * @param problems the problems, one line each, at least one; copied
     */
    public StateDictException(List<String> problems) {
        super("state dict does not match the module (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems));
        this.problems = problems.toArray(String[]::new);
    }

    /**
     * Each problem, one line each, such as {@code layers.0.weight: expected shape [4, 2], got [2, 4]}.
     *
     * @return an unmodifiable list of the problems, in the order found
     */
    public List<String> problems() {
        return List.of(problems);
    }
}
