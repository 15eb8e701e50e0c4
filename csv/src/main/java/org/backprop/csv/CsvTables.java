package org.backprop.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
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
 */
public final class CsvTables {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();

    private CsvTables() {
    }

    /**
     * Reads {@code file} into a table.
     *
     * @throws DataFormatException if the file is missing, not UTF-8, has no header, or a row's width is wrong
     */
    public static Table read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file.toString(), 0, null, "no such file");
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file.toString(), 0, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return read(new StringReader(text), file.toString());
    }

    /**
     * Reads CSV text into a table.
     *
     * @param source the name used in messages
     * @throws DataFormatException if there is no header, a row's width is wrong, or the CSV is malformed
     */
    public static Table read(Reader reader, String source) {
        try (CSVParser parser = FORMAT.parse(new BomSkippingReader(reader))) {
            List<String> header = null;
            List<Table.Row> rows = new ArrayList<>();
            long startLine = 1;
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                if (header == null) {
                    header = new ArrayList<>();
                    for (String c : cells) {
                        header.add(c.trim());
                    }
                } else {
                    rows.add(new Table.Row(startLine, cells));
                }
                startLine = parser.getCurrentLineNumber() + 1;
            }
            if (header == null) {
                throw new DataFormatException(source, 0, null, "empty file: expected a header row");
            }
            return new Table(source, header, rows);
        } catch (IOException | UncheckedIOException e) {
            throw new DataFormatException(source, 0, null, "malformed CSV: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new DataFormatException(source, 0, null, "malformed CSV: " + e.getMessage());
        }
    }

    /**
     * Reads a CSV file into a dataset (see {@link TableConverter#toDataset(Table, String, Task, List, List)}).
     *
     * @param label        the label column, or {@code null} for the last
     * @param task         the task, or {@code null} to infer it
     * @param classes      a model's class names, or {@code null}
     * @param featureNames a model's feature names (taken by name), or {@code null} for every other column
     */
    public static Dataset readDataset(Path file, String label, Task task, List<String> classes, List<String> featureNames) {
        return TableConverter.toDataset(read(file), label, task, classes, featureNames);
    }

    /** Rows under a header as CSV text (CRLF-free: LF line ends), quoting fields only where needed. */
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
