package org.backprop.data;

/**
 * A dataset cut into the part the network learns from, the part that picks the epoch (early
 * stopping) and the part that measures the final result, which the training never sees.
 * Immutable, like the datasets it holds, so it may be shared between threads.
 *
 * @param train      the training rows
 * @param validation the validation rows, or {@code null} when there is no validation split
 * @param test       the test rows, or {@code null} when there is no test split
 */
public record DataSplit(Dataset train, Dataset validation, Dataset test) {

    /**
     * Requires a training set.
     *
     * @param train      the training rows, not null and not empty
     * @param validation the validation rows, or {@code null}
     * @param test       the test rows, or {@code null}
     * @throws IllegalArgumentException if {@code train} is null or has no rows
     */
    public DataSplit {
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("the training split is empty: lower --validation and --test");
        }
    }

    /**
     * Whether there is a validation split.
     *
     * @return true when {@link #validation()} is not null
     */
    public boolean hasValidation() {
        return validation != null;
    }

    /**
     * Whether there is a test split.
     *
     * @return true when {@link #test()} is not null
     */
    public boolean hasTest() {
        return test != null;
    }
}
