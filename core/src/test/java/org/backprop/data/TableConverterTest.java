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
}
