package org.backprop.data;

import java.util.List;

/**
 * Rows of text cells under a header, as read from a CSV file, before any number is parsed. The
 * reader (such as {@code backprop-csv}) keeps each row's line number so that
 * {@link TableConverter} can say exactly where a bad value is.
 *
 * <p>Immutable (the lists are copied), so it may be read from any thread.
 *
 * @param source  the file name, for messages
 * @param columns the header: the column names in file order, each distinct
 * @param rows    the data rows in file order, each with one cell per column
 */
public record Table(String source, List<String> columns, List<Row> rows) {

    /**
     * One data row.
     *
     * @param line  the 1-based line where it starts in the source
     * @param cells the cells, one per column
     */
    public record Row(long line, List<String> cells) {
        /**
         * Copies the cells.
         *
         * @param line  the 1-based line where the row starts in the source
         * @param cells the cells, one per column, none null; copied into an unmodifiable list
         * @throws NullPointerException if {@code cells} or a cell is null
         */
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /**
     * Copies the lists and checks that the column names are distinct (a repeated name would make
     * "the column named x" ambiguous, and a model would silently read the wrong one) and that every
     * row has one cell per column.
     *
     * @param source  the file name, for messages
     * @param columns the header; copied
     * @param rows    the data rows; copied
     * @throws DataFormatException naming the repeated column, or the first row whose width is wrong
     */
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int j = 0; j < columns.size(); j++) {
            Integer first = seen.putIfAbsent(columns.get(j), j);
            if (first != null) {
                throw new DataFormatException(source, 1, "'" + DataFormatException.shorten(columns.get(j)) + "' (" + (j + 1) + ")",
                        "repeated column name (also column " + (first + 1) + "); every column needs its own name");
            }
        }
        for (Row r : rows) {
            if (r.cells().size() != columns.size()) {
                throw new DataFormatException(source, r.line(), null, r.cells().size() + " fields, but the header has "
                        + columns.size() + " (" + DataFormatException.shorten(String.join(",", columns)) + ")");
            }
        }
    }

    /**
     * The index of column {@code name}, or −1.
     *
     * @param name the exact column name (case-sensitive)
     * @return the 0-based column index, or −1 when no column has that name
     */
    public int indexOf(String name) {
        return columns.indexOf(name);
    }

    /**
     * {@code 'name' (k)} with the 1-based column number, as messages write a column.
     *
     * @param index the 0-based column index, in {@code [0, columns().size())}
     * @return the quoted name (cut to {@value DataFormatException#MAX_QUOTED} characters) and number
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public String describeColumn(int index) {
        return "'" + DataFormatException.shorten(columns.get(index)) + "' (" + (index + 1) + ")";
    }
}
