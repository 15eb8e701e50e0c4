package org.backprop.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backprop.data.DataFormatException;
import org.backprop.data.Dataset;
import org.backprop.data.Table;
import org.backprop.data.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTablesTest {

    @Test
    void readsQuotedFieldsCrlfAndBom() {
        // Given a file with a byte-order mark, CRLF line ends and a quoted label containing a comma
        String text = "\uFEFFa,b,label\r\n1,2,\"x, y\"\r\n3,4,plain\r\n";

        // When it is read
        Table t = CsvTables.read(new StringReader(text), "t.csv");

        // Then the header has no BOM, the quotes are gone and the lines are counted from the header
        assertThat(t.columns()).containsExactly("a", "b", "label");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0).cells()).containsExactly("1", "2", "x, y");
        assertThat(t.rows().get(0).line()).isEqualTo(2);
        assertThat(t.rows().get(1).line()).isEqualTo(3);
    }

    @Test
    void stringLabelsBecomeSortedClasses(@TempDir Path dir) throws Exception {
        // Given a CSV with string labels
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "x1,x2,kind\n0.5,1,dog\n1.5,2,cat\n2.5,3,dog\n", StandardCharsets.UTF_8);

        // When it becomes a dataset
        Dataset d = CsvTables.readDataset(f, null, null, null, null);

        // Then it is classification with the labels mapped alphabetically
        assertThat(d.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.labels()).containsExactly(1, 0, 1);
        assertThat(d.featureNames()).containsExactly("x1", "x2");
    }

    @Test
    void badNumberNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        // Given a CSV with a word where a number belongs, on line 3
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "x1,x2,y\n1,2,0\n1,abc,1\n", StandardCharsets.UTF_8);

        // When / Then the error says where
        assertThatThrownBy(() -> CsvTables.readDataset(f, "y", null, null, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(f + " line 3, column 'x2' (2): 'abc' is not a number");
    }

    @Test
    void raggedRowIsReported() {
        assertThatThrownBy(() -> CsvTables.read(new StringReader("a,b\n1,2\n3\n"), "r.csv"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("r.csv line 3: 1 fields, but the header has 2 (a,b)");
    }

    @Test
    void formatQuotesOnlyWhereNeeded() {
        String csv = CsvTables.format(List.of("label", "p"), List.of(List.of("a,b", "0.5"), List.of("c", "1")));
        assertThat(csv).isEqualTo("label,p\n\"a,b\",0.5\nc,1\n");
    }

    @Test
    void aFileWithoutLineEndsIsRefusedNotReadWhole() {
        // /dev/zero never ends and has no line end: reading stops at the line limit with one clear line
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        assertThatThrownBy(() -> CsvTables.read(zero)).isInstanceOf(DataFormatException.class)
                .hasMessage("/dev/zero line 1: line longer than " + CsvTables.MAX_LINE_CHARS
                        + " characters (is this a CSV file? it has no line end where one is expected)");
    }

    @Test
    void rowsBeyondTheMemoryBudgetAreRefusedWhileStreaming() {
        // Given 1000 rows and a budget of 20 000 bytes (the real budget is half the heap)
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(i).append(",1,x\n");
        }
        // When / Then reading stops as soon as the rows read so far exceed it, saying what to do
        assertThatThrownBy(() -> CsvTables.read(new StringReader(csv.toString()), "big.csv", 20_000))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("big.csv: too large to load into memory: after ")
                .hasMessageContaining("give Java more memory (BACKPROP_JAVA_OPTS=-Xmx…) or use fewer rows");
    }

    @Test
    void notUtf8NamesTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "a,label\n1,x\n2,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvTables.read(f)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(f + " line 3: not UTF-8 text");
    }
}
