package org.backprop.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.backprop.random.Rng;

/**
 * Seeded train/validation/test splits.
 *
 * <p>For classification the split is <em>stratified</em>: each class is shuffled and cut on its
 * own, so every split keeps the class proportions (Iris's 50/50/50 stays 1/3 each). For regression
 * the rows are shuffled once and cut. A split of size {@code round(fraction · n)} that comes out 0
 * is left out ({@code null} in the {@link DataSplit}).
 *
 * <p>Stateless; the randomness comes from the {@link Rng} passed in, so the same seed gives the same
 * split. The methods may be called from several threads as long as each uses its own {@code Rng}.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Splits {@code data} into train, validation and test.
     *
     * @param data               the rows to split; unchanged
     * @param validationFraction the share of each class's rows (of all rows, for regression) that
     *                           goes to validation, in {@code [0, 1)}
     * @param testFraction       the share that goes to test, in {@code [0, 1)}, with the two summing below 1
     * @param rng                the generator that shuffles each class and each part, advanced by the split
     * @return the split; its parts are new datasets named {@code NAME/train}, {@code NAME/validation}
     *         and {@code NAME/test}, each in a shuffled row order; validation and test are
     *         {@code null} when they come out empty. When validation and test would take all of a
     *         class's rows, validation gives way so that one is left for training (unless the test
     *         share alone takes them all).
     * @throws IllegalArgumentException for fractions out of range, or when no training row is left
     */
    public static DataSplit split(Dataset data, double validationFraction, double testFraction, Rng rng) {
        check("validation", validationFraction);
        check("test", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions must leave rows to train on: their sum must be below 1");
        }
        List<int[]> groups = groups(data);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] group : groups) {
            rng.shuffle(group);
            int nTest = (int) Math.round(testFraction * group.length);
            int nVal = (int) Math.round(validationFraction * group.length);
            if (nTest + nVal >= group.length && group.length > 0) {
                nVal = Math.max(0, group.length - nTest - 1);
            }
            for (int i = 0; i < group.length; i++) {
                (i < nTest ? test : i < nTest + nVal ? validation : train).add(group[i]);
            }
        }
        return new DataSplit(part(data, train, "train", rng), part(data, validation, "validation", rng),
                part(data, test, "test", rng));
    }

    /**
     * Cuts {@code data} into {@code k} folds for cross-validation: the row indices of each fold, every
     * row in exactly one. For classification the folds are stratified (each class is shuffled and
     * dealt round the folds in turn, so their class proportions match the whole within one row); for
     * regression the rows are shuffled and dealt the same way. Fold sizes differ by at most one
     * row per class.
     *
     * @param data the rows to cut; unchanged
     * @param k    the number of folds, in {@code [2, N]}
     * @param rng  the generator that shuffles each class before it is dealt, advanced by the cut
     * @return a new {@code k}-element array; fold {@code f} holds its row indices into {@code data},
     *         sorted ascending, at least one
     * @throws IllegalArgumentException unless {@code 2 ≤ k ≤ rows}
     */
    public static int[][] folds(Dataset data, int k, Rng rng) {
        if (k < 2 || k > data.size()) {
            throw new IllegalArgumentException("cross-validation needs 2 to " + data.size() + " folds (one row at least "
                    + "in each), got " + k);
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (int[] group : groups(data)) {
            rng.shuffle(group);
            for (int row : group) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        int[][] out = new int[k][];
        for (int f = 0; f < k; f++) {
            out[f] = folds.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    /**
     * The indices in {@code [0, size)} that are not in {@code rows} (sorted ascending), in order: a fold's training rows.
     *
     * @param size the number of rows in the whole dataset
     * @param rows distinct indices in {@code [0, size)}, sorted ascending (as {@link #folds} gives them);
     *             otherwise the result is wrong
     * @return a new array of the {@code size - rows.length} other indices, ascending
     * @throws NegativeArraySizeException if {@code rows} is longer than {@code size}
     */
    public static int[] complement(int size, int[] rows) {
        int[] out = new int[size - rows.length];
        int j = 0;
        int o = 0;
        for (int i = 0; i < size; i++) {
            if (j < rows.length && rows[j] == i) {
                j++;
            } else {
                out[o++] = i;
            }
        }
        return out;
    }

    /**
     * Cuts only a validation split from {@code data} (for data that comes with its own test set).
     *
     * @param data               the rows to split into training and validation; unchanged
     * @param validationFraction the share of each class's rows that goes to validation, in {@code [0, 1)}
     * @param test               the separate test set, kept as it is (not copied); may be {@code null}
     * @param rng                the generator that shuffles, as for {@link #split}
     * @return the split, with {@code test} as its test part
     * @throws IllegalArgumentException if {@code validationFraction} is out of range or no training row is left
     */
    public static DataSplit withTest(Dataset data, double validationFraction, Dataset test, Rng rng) {
        DataSplit s = split(data, validationFraction, 0, rng);
        return new DataSplit(s.train(), s.validation(), test);
    }

    /** The row indices by class (classification), or all rows as one group (regression). */
    private static List<int[]> groups(Dataset data) {
        List<int[]> groups = new ArrayList<>();
        if (data.task() == Task.CLASSIFICATION) {
            int[] labels = data.labels();
            int[] counts = data.classCounts();
            int[][] byClass = new int[counts.length][];
            int[] fill = new int[counts.length];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            for (int i = 0; i < labels.length; i++) {
                byClass[labels[i]][fill[labels[i]]++] = i;
            }
            groups.addAll(Arrays.asList(byClass));
        } else {
            int[] all = new int[data.size()];
            Arrays.setAll(all, i -> i);
            groups.add(all);
        }
        return groups;
    }

    private static Dataset part(Dataset data, List<Integer> rows, String suffix, Rng rng) {
        if (rows.isEmpty()) {
            return null;
        }
        int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
        rng.shuffle(r);
        return data.subset(r, data.name() + "/" + suffix);
    }

    private static void check(String what, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1), got " + fraction);
        }
    }
}
