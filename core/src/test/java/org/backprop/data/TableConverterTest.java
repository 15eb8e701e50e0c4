package org.backprop.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableConverterTest {

    private static Table table(String... lines) {
        List<String> header = Arrays.asList(lines[0].split(","));
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            rows.add(new Table.Row(i + 1, Arrays.asList(lines[i].split(",", -1))));
        }
        return new Table("t.csv", header, rows);
    }

    @Test
    void fewWholeNumberLabelsAreClassesInNumericOrder() {
        Dataset d = TableConverter.toDataset(table("a,y", "1,10", "2,2", "3,2.0"), null, null, null);
        assertThat(d.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(d.classNames()).containsExactly("2", "10");
        assertThat(d.labels()).containsExactly(1, 0, 0);
    }

    @Test
    void numericLabelsAreNamedWithoutAFractionWhenWhole() {
        assertThat(TableConverter.className(3.0)).isEqualTo("3");
        assertThat(TableConverter.className(-2)).isEqualTo("-2");
        assertThat(TableConverter.className(2.5)).isEqualTo("2.5");
        assertThat(TableConverter.className(1e16)).isEqualTo("1.0E16");
    }

    @Test
    void fractionalLabelsMeanRegression() {
        Dataset d = TableConverter.toDataset(table("a,y", "1,0.5", "2,1.5"), "y", null, null);
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
        assertThat(d.values().toFloatArray()).containsExactly(0.5f, 1.5f);
    }

    @Test
    void theTaskCanBeForced() {
        Dataset d = TableConverter.toDataset(table("a,y", "1,1", "2,2"), "y", Task.REGRESSION, null);
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
    }

    @Test
    void labelColumnByNameAnywhere() {
        Dataset d = TableConverter.toDataset(table("kind,a,b", "x,1,2", "y,3,4"), "kind", null, null);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.features().toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> TableConverter.toDataset(table("a,b,y", "1,2,x", "1,,y"), null, null, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("t.csv line 3, column 'b' (2): empty value (missing values are not supported: fill or drop the row)");
        assertThatThrownBy(() -> TableConverter.toDataset(table("a,y", "1,x"), "label", null, null))
                .hasMessage("t.csv line 1: no label column 'label'; the columns are a, y");
        assertThatThrownBy(() -> TableConverter.toDataset(table("a,y", "1,cat"), null, null, List.of("dog")))
                .hasMessage("t.csv line 2, column 'y' (2): unknown class 'cat'; the model knows dog");
    }

    @Test
    void featuresByNameForPrediction() {
        Table t = table("b,a", "2,1");
        assertThat(TableConverter.features(t, List.of("a", "b")).toFloatArray()).containsExactly(1f, 2f);
        assertThatThrownBy(() -> TableConverter.features(t, List.of("a", "c", "d")))
                .hasMessage("t.csv line 1: missing feature columns c, d (the model was trained on 3 features: a, c, d)");
    }

    @Test
    void aRepeatedColumnNameIsRefusedWithItsPlace() {
        // a,a,label: which 'a' would a model read? Neither: the header is refused.
        assertThatThrownBy(() -> table("a,a,label", "1,2,x"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("t.csv line 1, column 'a' (2): repeated column name (also column 1); every column needs its own name");
        // a feature named like the label (x,y,y with --label y)
        assertThatThrownBy(() -> TableConverter.toDataset(table("x,y,y", "1,2,3"), "y", null, null))
                .hasMessageStartingWith("t.csv line 1, column 'y' (3): repeated column name (also column 2)");
    }

    @Test
    void aValueBeyondFloat32IsRefusedWithItsPlace() {
        // 1e39 is finite as a double but Infinity as float32: it must not reach training or prediction
        assertThatThrownBy(() -> TableConverter.toDataset(table("a,b,y", "1,2,0", "3,1e39,1"), null, null, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("t.csv line 3, column 'b' (2): '1e39' is beyond the range of float32");
        assertThatThrownBy(() -> TableConverter.features(table("a,b", "-4e38,2"), List.of("a", "b")))
                .hasMessageStartingWith("t.csv line 2, column 'a' (1): '-4e38' is beyond the range of float32");
        assertThatThrownBy(() -> TableConverter.toDataset(table("a,y", "1,0.5", "2,1e39"), null, Task.REGRESSION, null))
                .hasMessageStartingWith("t.csv line 3, column 'y' (2): '1e39' is beyond the range of float32");
        // the largest float32 itself is fine
        Dataset d = TableConverter.toDataset(table("a,y", "3.4028235e38,0.5", "2,1.5"), null, Task.REGRESSION, null);
        assertThat(d.features().get(0, 0)).isEqualTo(Float.MAX_VALUE);
    }

    @Test
    void aHugeFieldIsNotEchoedWhole() {
        String big = "z".repeat(10 << 20);
        assertThatThrownBy(() -> TableConverter.toDataset(table("a,y", big + ",1", "2,0"), null, null, null))
                .hasMessageContaining("'" + "z".repeat(DataFormatException.MAX_QUOTED) + "… (" + big.length() + " characters)'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThanOrEqualTo(DataFormatException.MAX_MESSAGE + 40));
    }

    @Test
    void predictingFromAHeaderWithoutRowsSaysSo() {
        assertThatThrownBy(() -> TableConverter.features(new Table("t.csv", List.of("a", "b"), List.of()), List.of("a", "b")))
                .isInstanceOf(DataFormatException.class).hasMessage("t.csv: no data rows after the header");
    }
}
