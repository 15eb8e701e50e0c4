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
}
