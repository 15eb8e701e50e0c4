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

    /**
     * A failure to load {@code source} for {@code problems}.
     *
     * @param source   the file or text that was read
     * @param problems every problem found, one line each
     */
    public ModelFileException(String source, List<String> problems) {
        super(source + ": not a valid model file (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "): " + summary(problems));
        this.problems = problems.toArray(String[]::new);
    }

    /** The first 10 problems, each cut to 300 characters: a damaged file never floods the terminal. */
    private static String summary(List<String> problems) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(10, problems.size()); i++) {
            String p = problems.get(i);
            sb.append(i == 0 ? "" : "; ").append(p.length() > 300 ? p.substring(0, 300) + "…" : p);
        }
        if (problems.size() > 10) {
            sb.append("; and ").append(problems.size() - 10).append(" more");
        }
        return sb.toString();
    }

    /**
     * Every problem found.
     *
     * @return every problem found, one line each
     */
    public List<String> problems() {
        return List.of(problems);
    }
}
