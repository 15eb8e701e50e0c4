package org.backprop.optim;

/** Validation of hyperparameters, with messages that name the record, the field and the bad value. */
final class Check {
    private Check() {
    }

    static void positive(String owner, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + field + " must be a finite number > 0, got " + value);
        }
    }

    static void nonNegative(String owner, String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + field + " must be a finite number ≥ 0, got " + value);
        }
    }

    static void fraction(String owner, String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + field + " must be in [0, 1), got " + value);
        }
    }
}
