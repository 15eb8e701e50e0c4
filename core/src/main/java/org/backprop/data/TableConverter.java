package org.backprop.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Turns a {@link Table} of text into a {@link Dataset}: every column but the label column is a
 * numeric feature; the label column holds the target.
 *
 * <p><b>Task inference</b> (when none is given): a label column with any non-numeric value, or
 * with whole numbers taking at most {@value #MAX_INFERRED_CLASSES} distinct values, is a
 * classification target; anything else is a regression target.
 *
 * <p><b>Label mapping</b>: class names are the distinct label texts, ordered numerically when they
 * are all numbers ({@code 2 < 10}) and alphabetically otherwise; a class's index is its position.
 * When a model's classes are given, they are used instead and an unknown label is an error.
 *
 * <p>Every cell is trimmed and parsed as a double, then kept as float32; an empty, non-numeric,
 * non-finite or beyond-float32 feature value is refused with its file, line and column. Stateless:
 * the methods may be called from any thread.
 */
public final class TableConverter {
    /** A whole-number label column with at most this many distinct values is taken as classes. */
    public static final int MAX_INFERRED_CLASSES = 20;

    private TableConverter() {
    }

    /**
     * The dataset in {@code table}.
     *
     * @param table       the parsed text, with a header of at least two columns and at least one row
     * @param labelColumn the label column's name, or {@code null} for the last column
     * @param task        the task, or {@code null} to infer it (classification when {@code classes} is given)
     * @param classes     the known class names in index order (from a model), or {@code null} to take them from the data
     * @return a new dataset named after the source's file name, features and names in file order
     * @throws DataFormatException naming file, line and column of the first bad value, or an unknown label column
     */
    public static Dataset toDataset(Table table, String labelColumn, Task task, List<String> classes) {
        return toDataset(table, labelColumn, task, classes, null);
    }

    /**
     * As {@link #toDataset(Table, String, Task, List)}, with the features taken by name in the order
     * of {@code featureNames} (a model's), other columns ignored; {@code null} takes every column but
     * the label, in file order.
     *
     * @param table        the parsed text, with a header of at least two columns and at least one row
     * @param labelColumn  the label column's name, or {@code null} for the last column
     * @param task         the task, or {@code null} to infer it (classification when {@code classes} is given)
     * @param classes      the known class names in index order, or {@code null} to take them from the data
     * @param featureNames the feature columns to take, by name and in this order, or {@code null} for
     *                     every column but the label
     * @return a new dataset whose features are in the order of {@code featureNames} (or of the file)
     * @throws DataFormatException naming file, line and column of the first bad value, an unknown
     *                             label column or class, and also listing feature columns that are missing
     */
    public static Dataset toDataset(Table table, String labelColumn, Task task, List<String> classes,
                                    List<String> featureNames) {
        String source = table.source();
        if (table.columns().size() < 2) {
            throw new DataFormatException(source, 1, null, "expected a header with at least one feature column and a label "
                    + "column, got " + table.columns());
        }
        if (table.rows().isEmpty()) {
            throw new DataFormatException(source, 0, null, "no data rows after the header");
        }
        int label = labelColumn == null ? table.columns().size() - 1 : table.indexOf(labelColumn);
        if (label < 0) {
            throw new DataFormatException(source, 1, null, "no label column '" + labelColumn + "'; the columns are "
                    + DataFormatException.shorten(String.join(", ", table.columns())));
        }
        List<Integer> featureColumns = new ArrayList<>();
        for (int j = 0; j < table.columns().size(); j++) {
            if (j != label) {
                featureColumns.add(j);
            }
        }
        Tensor x;
        List<String> names = new ArrayList<>();
        if (featureNames != null) {
            x = features(table, featureNames);
            names.addAll(featureNames);
        } else {
            x = parseFeatures(table, featureColumns);
            for (int j : featureColumns) {
                names.add(table.columns().get(j));
            }
        }
        String labelName = table.columns().get(label);
        Task resolved = task != null ? task : classes != null ? Task.CLASSIFICATION : inferTask(table, label);
        String name = fileName(source);
        if (resolved == Task.REGRESSION) {
            float[] y = new float[table.rows().size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) number(table, i, label);
            }
            return Dataset.regression(name, x, Tensor.wrap(y, Shape.of(y.length, 1)), names, labelName);
        }
        List<String> classNames = classes != null ? classes : classNames(table, label);
        Map<String, Integer> index = new TreeMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
        int[] labels = new int[table.rows().size()];
        for (int i = 0; i < labels.length; i++) {
            String text = table.rows().get(i).cells().get(label).trim();
            Integer c = index.get(text);
            if (c == null) {
                c = index.get(canonicalNumber(text));
            }
            if (c == null) {
                throw new DataFormatException(source, table.rows().get(i).line(), table.describeColumn(label),
                        "unknown class '" + DataFormatException.shorten(text) + "'; the model knows "
                        + DataFormatException.shorten(String.join(", ", classNames)));
            }
            labels[i] = c;
        }
        return Dataset.classification(name, x, labels, names, labelName, classNames);
    }

    /**
     * Only the features named {@code featureNames}, found by name in the header and in that order
     * (for prediction: other columns, such as the label, are ignored).
     *
     * @param table        the parsed text, with at least one row
     * @param featureNames the columns to take, by exact name and in this order
     * @return a new float32 {@code [N, featureNames.size()]} tensor, rows × features, owned by the caller
     * @throws DataFormatException listing the missing columns, or naming the first bad value, or when
     *                             the table has no rows
     */
    public static Tensor features(Table table, List<String> featureNames) {
        if (table.rows().isEmpty()) {
            throw new DataFormatException(table.source(), 0, null, "no data rows after the header");
        }
        List<Integer> cols = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : featureNames) {
            int j = table.indexOf(f);
            if (j < 0) {
                missing.add(f);
            }
            cols.add(j);
        }
        if (!missing.isEmpty()) {
            throw new DataFormatException(table.source(), 1, null, "missing feature column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (the model was trained on " + featureNames.size() + " features: "
                    + abbreviate(featureNames) + ")");
        }
        return parseFeatures(table, cols);
    }

    /**
     * The task a label column suggests (see the class comment).
     *
     * @param table the parsed text
     * @param label the 0-based index of the label column
     * @return {@link Task#CLASSIFICATION} when some label is not a number, or all are whole numbers
     *         with at most {@value #MAX_INFERRED_CLASSES} distinct values; {@link Task#REGRESSION} otherwise
     * @throws IndexOutOfBoundsException if {@code label} is not a column index
     */
    public static Task inferTask(Table table, int label) {
        Set<String> distinct = new TreeSet<>();
        for (Table.Row r : table.rows()) {
            String s = r.cells().get(label).trim();
            Double d = tryNumber(s);
            if (d == null) {
                return Task.CLASSIFICATION;
            }
            if (d != Math.rint(d)) {
                return Task.REGRESSION;
            }
            distinct.add(s);
        }
        return distinct.size() <= MAX_INFERRED_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static List<String> classNames(Table table, int label) {
        Set<String> distinct = new LinkedHashSet<>();
        boolean numeric = true;
        for (Table.Row r : table.rows()) {
            String s = r.cells().get(label).trim();
            if (s.isEmpty()) {
                throw new DataFormatException(table.source(), r.line(), table.describeColumn(label), "empty label");
            }
            Double d = tryNumber(s);
            numeric &= d != null;
            distinct.add(d != null ? canonicalNumber(s) : s);
        }
        List<String> out = new ArrayList<>(distinct);
        if (numeric) {
            out.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        } else {
            out.sort(null);
        }
        return out;
    }

    /** {@code "3.0"} and {@code "3"} are the same class, written {@code "3"}. */
    private static String canonicalNumber(String s) {
        Double d = tryNumber(s);
        return d == null ? s : className(d);
    }

    /**
     * The class name of a numeric label: a whole number without a fraction ({@code 3.0} is
     * {@code "3"}), any other number as {@link Double#toString}. CSV labels and the numeric label
     * columns of other sources (such as a Spark {@code DataFrame}) name their classes alike.
     *
     * @param label a numeric label value
     * @return {@code Long.toString} of a whole number below 1e15 in magnitude ({@code -0.0} gives
     *         {@code "0"}), otherwise {@code Double.toString(label)}
     */
    public static String className(double label) {
        return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label) : Double.toString(label);
    }

    private static Tensor parseFeatures(Table table, List<Integer> cols) {
        int n = table.rows().size();
        int f = cols.size();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) number(table, i, cols.get(j));
            }
        }
        return Tensor.wrap(x, Shape.of(n, f));
    }

    private static double number(Table table, int row, int col) {
        Table.Row r = table.rows().get(row);
        String s = r.cells().get(col).trim();
        if (s.isEmpty()) {
            throw new DataFormatException(table.source(), r.line(), table.describeColumn(col), "empty value (missing values "
                    + "are not supported: fill or drop the row)");
        }
        Double d = tryNumber(s);
        if (d == null) {
            throw new DataFormatException(table.source(), r.line(), table.describeColumn(col), "'" + DataFormatException.shorten(s)
                    + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new DataFormatException(table.source(), r.line(), table.describeColumn(col), "'" + DataFormatException.shorten(s)
                    + "' is not finite");
        }
        if (Float.isInfinite((float) (double) d)) {
            throw new DataFormatException(table.source(), r.line(), table.describeColumn(col), "'" + DataFormatException.shorten(s)
                    + "' is beyond the range of float32 (largest magnitude " + Float.MAX_VALUE + "), in which data is kept");
        }
        return d;
    }

    private static Double tryNumber(String s) {
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(s.length() - 1);
        if (!(Character.isDigit(c) || c == '.')) {
            return s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("-inf")
                    || s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("-infinity") ? Double.NaN : null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String fileName(String source) {
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return slash >= 0 ? source.substring(slash + 1) : source;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 6)) + ", …, " + names.get(names.size() - 1);
    }
}
