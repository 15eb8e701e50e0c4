package org.backprop.data;

/**
 * Bad input data, with where it is: the source (file name), and when known the line and the column.
 * The message reads {@code iris.csv line 7, column 'petal_width' (4): 'abc' is not a number}.
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
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
        super(where(source, line, column) + ": " + problem);
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

    /** The file or resource name. */
    public String source() {
        return source;
    }

    /** The 1-based line, or 0 when the problem is not about one line. */
    public long line() {
        return line;
    }

    /** The column, or {@code null}. */
    public String column() {
        return column;
    }
}
