package org.backprop.data;

/**
 * Bad input data, with where it is: the source (file name), and when known the line and the column.
 * The message reads {@code iris.csv line 7, column 'petal_width' (4): 'abc' is not a number}.
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** A value longer than this many characters is cut when a message quotes it. */
    public static final int MAX_QUOTED = 60;
    /** A message is cut to this many characters: a bad file never floods the terminal. */
    public static final int MAX_MESSAGE = 600;
    /** The file or resource name, as {@link #source()} returns it. */
    private final String source;
    /** The 1-based line, or 0 when the problem is not about one line. */
    private final long line;
    /** The column's description, or {@code null} when the problem is not about one column. */
    private final String column;

    /**
     * A problem at a place in a source.
     *
     * @param source  the file or resource name
     * @param line    1-based line, or 0 when not about one line
     * @param column  the column's description (such as {@code 'petal_width' (4)}), or {@code null}
     * @param problem what is wrong
     */
    public DataFormatException(String source, long line, String column, String problem) {
        super(shorten(where(source, line, column) + ": " + problem, MAX_MESSAGE));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    private static String where(String source, long line, String column) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (column != null) {
            sb.append(line > 0 ? ", column " : " column ").append(column);
        }
        return sb.toString();
    }

    /**
     * {@code text} cut to {@value #MAX_QUOTED} characters, with how long it was, for quoting a value
     * from a file in a message: {@code 'aaaa…' (10485760 characters)}.
     *
     * @param text the value to quote, not null
     * @return {@code text} itself when it has at most {@value #MAX_QUOTED} characters, otherwise its
     *         first {@value #MAX_QUOTED} characters followed by {@code … (N characters)}
     */
    public static String shorten(String text) {
        return shorten(text, MAX_QUOTED);
    }

    private static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "… (" + text.length() + " characters)";
    }

    /**
     * The file or resource name.
     *
     * @return the source given at construction
     */
    public String source() {
        return source;
    }

    /**
     * The 1-based line, or 0 when the problem is not about one line.
     *
     * @return the line number, at least 0
     */
    public long line() {
        return line;
    }

    /**
     * The column, or {@code null}.
     *
     * @return the column's description as messages write it (such as {@code 'petal_width' (4)}), or
     *         {@code null} when the problem is not about one column
     */
    public String column() {
        return column;
    }
}
