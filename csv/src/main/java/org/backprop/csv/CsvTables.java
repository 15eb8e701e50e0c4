package org.backprop.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.backprop.data.DataFormatException;
import org.backprop.data.Dataset;
import org.backprop.data.Table;
import org.backprop.data.TableConverter;
import org.backprop.data.Task;

/**
 * Reads and writes CSV (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""}
 * for a quote inside one, CRLF or LF line ends) in UTF-8; a leading byte-order mark is skipped.
 * The first record is the header. Blank lines are skipped.
 *
 * <p>Stateless: every method may be called from any number of threads at once (each call reads its
 * own file or reader).
 */
public final class CsvTables {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();

    private CsvTables() {
    }

    /**
     * Reads {@code file} into a table, streaming: the file is never held whole in memory, and
     * reading stops with a clear error when a line grows past {@link #MAX_LINE_CHARS} characters
     * (such as {@code /dev/zero}, which has no line end) or the rows read so far would need more
     * than {@link #memoryBudget()} bytes.
     *
     * @param file the CSV file to read; its path is the source named in error messages
     * @return a new table: the header's cells (trimmed) and every non-blank record after it, each with
     *         the line it starts on, its cells as read (not trimmed, quotes removed)
     * @throws DataFormatException if the file is missing, not UTF-8, has no header, a row's width is
     *                             wrong, a line is too long, or the data does not fit in memory
     */
    public static Table read(Path file) {
        long budget = memoryBudget();
        try {
            if (Files.isRegularFile(file) && Files.size(file) > budget) {
                throw tooLarge(file.toString(), 0, Files.size(file) + " bytes", budget);
            }
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), 0, null, "cannot read: " + reason(e));
        }
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(file), utf8)) {
            return read(in, file.toString(), budget);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file.toString(), 0, null, "no such file");
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), 0, null, "cannot read: " + reason(e));
        }
    }

    /** A line longer than this many characters is refused: no real table has one, and a file without line ends would fill memory. */
    public static final int MAX_LINE_CHARS = 8 << 20;

    /**
     * The most memory the rows of one table may take while being read: half of what the JVM may
     * use ({@code -Xmx}), so that the numbers parsed from them fit too.
     *
     * @return the budget in bytes, {@code Runtime.maxMemory() / 2}; it is read anew on every call
     */
    public static long memoryBudget() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * Reads CSV text into a table.
     *
     * @param reader the CSV text; read to its end and closed
     * @param source the name used in messages (a file name, or e.g. {@code "<stdin>"})
     * @return a new table: the header's cells (trimmed) and every non-blank record after it
     * @throws DataFormatException if there is no header, a row's width is wrong, the CSV is malformed,
     *                             the text is not UTF-8, a line is longer than {@link #MAX_LINE_CHARS}
     *                             or the rows need more than {@link #memoryBudget()} bytes
     */
    public static Table read(Reader reader, String source) {
        return read(reader, source, memoryBudget());
    }

    static Table read(Reader reader, String source, long budget) {
        LineLimitReader limited = new LineLimitReader(new BomSkippingReader(reader));
        long startLine = 1;
        try (CSVParser parser = FORMAT.parse(limited)) {
            List<String> header = null;
            List<Table.Row> rows = new ArrayList<>();
            long bytes = 0;
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                if (header == null) {
                    header = new ArrayList<>();
                    for (String c : cells) {
                        header.add(c.trim());
                    }
                } else {
                    rows.add(new Table.Row(startLine, cells));
                    bytes += estimatedBytes(cells);
                    if (bytes > budget) {
                        throw tooLarge(source, rows.size(), "about " + bytes / (1 << 20) + " MB as text", budget);
                    }
                }
                startLine = parser.getCurrentLineNumber() + 1;
            }
            if (header == null) {
                throw new DataFormatException(source, 0, null, "empty file: expected a header row");
            }
            return new Table(source, header, rows);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            Throwable cause = e instanceof UncheckedIOException || e instanceof IllegalStateException
                    ? (e.getCause() != null ? e.getCause() : e) : e;
            long line = Math.max(startLine, limited.line());
            if (cause instanceof CharacterCodingException || cause instanceof NotUtf8Exception) {
                throw new DataFormatException(source, limited.line(), null, "not UTF-8 text (save the file as UTF-8)");
            }
            if (cause instanceof LineTooLongException) {
                throw new DataFormatException(source, limited.line(), null, "line longer than " + MAX_LINE_CHARS
                        + " characters (is this a CSV file? it has no line end where one is expected)");
            }
            throw new DataFormatException(source, line, null, "malformed CSV: " + reason(cause));
        }
    }

    private static DataFormatException tooLarge(String source, long rows, String size, long budget) {
        return new DataFormatException(source, 0, null, "too large to load into memory: "
                + (rows > 0 ? "after " + rows + " rows, " : "") + size + ", over the " + budget / (1 << 20)
                + " MB allowed for the table (half of the Java heap, -Xmx); give Java more memory "
                + "(BACKPROP_JAVA_OPTS=-Xmx…) or use fewer rows");
    }

    /** Roughly what a row of cells takes on the heap: each a String (about 48 bytes plus its characters) and a list slot. */
    private static long estimatedBytes(List<String> cells) {
        long b = 64 + 8L * cells.size();
        for (String c : cells) {
            b += 48 + c.length();
        }
        return b;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "read error" : DataFormatException.shorten(m.replace('\n', ' '));
    }

    /** Thrown by {@link LineLimitReader} at the replacement character a byte that is not UTF-8 decodes to. */
    private static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Thrown by {@link LineLimitReader}. */
    private static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Counts lines, refuses a line longer than {@link #MAX_LINE_CHARS} and stops at U+FFFD, which
     * the decoder puts where bytes are not UTF-8 (so the error names the line).
     */
    private static final class LineLimitReader extends Reader {
        private final Reader in;
        private long line = 1;
        private long lineChars;

        LineLimitReader(Reader in) {
            this.in = in;
        }

        long line() {
            return line;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            for (int i = off; i < off + Math.max(n, 0); i++) {
                if (buf[i] == '\uFFFD') {
                    throw new NotUtf8Exception();
                } else if (buf[i] == '\n') {
                    line++;
                    lineChars = 0;
                } else if (++lineChars > MAX_LINE_CHARS) {
                    throw new LineTooLongException();
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Reads a CSV file into a dataset (see {@link TableConverter#toDataset(Table, String, Task, List, List)}).
     *
     * @param file         the CSV file, read by {@link #read(Path)}
     * @param label        the label column, or {@code null} for the last
     * @param task         the task, or {@code null} to infer it
     * @param classes      a model's class names, or {@code null}
     * @param featureNames a model's feature names (taken by name), or {@code null} for every other column
     * @return a new dataset, one row per CSV record, features unscaled and in the order of
     *         {@code featureNames} (or of the file)
     * @throws DataFormatException if the file cannot be read as CSV (see {@link #read(Path)}), or a
     *                             cell, column or label does not fit (naming the line and column)
     */
    public static Dataset readDataset(Path file, String label, Task task, List<String> classes, List<String> featureNames) {
        return TableConverter.toDataset(read(file), label, task, classes, featureNames);
    }

    /**
     * Rows under a header as CSV text (CRLF-free: LF line ends), quoting fields only where needed.
     * Reading the text back with {@link #read(Reader, String)} gives the same cells.
     *
     * @param header the first record's cells
     * @param rows   the records after it, each a list of cells (as many as the header has, for the text to read back)
     * @return the CSV text, every record (the last too) ended by {@code \n}
     */
    public static String format(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(sb, CSVFormat.RFC4180.builder().setRecordSeparator('\n').build())) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Drops a UTF-8 byte-order mark ({@code U+FEFF}) at the very start. */
    private static final class BomSkippingReader extends Reader {
        private final Reader in;
        private boolean first = true;

        BomSkippingReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (first && n > 0) {
                first = false;
                if (buf[off] == '\uFEFF') {
                    System.arraycopy(buf, off + 1, buf, off, n - 1);
                    return n - 1 == 0 ? read(buf, off, len) : n - 1;
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
