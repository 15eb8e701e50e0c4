package org.backprop.tensor;

/**
 * The element type of a {@link Tensor}.
 *
 * <p>{@link #FLOAT32} is what networks train and run in. {@link #FLOAT64} exists so that gradient
 * checks by finite differences are exact enough to mean something: with a step of 1e-6 the
 * rounding error of float32 (about 6e-8 relative) would swamp the difference quotient.
 */
public enum DType {
    /** IEEE-754 single precision, 4 bytes per element. */
    FLOAT32,
    /** IEEE-754 double precision, 8 bytes per element. */
    FLOAT64;

    /**
     * Rounds a value to what this type can hold.
     *
     * @param value any double
     * @return for {@link #FLOAT32} the nearest float (round half to even, overflowing to ±infinity),
     *         widened back to double; for {@link #FLOAT64} {@code value} itself
     */
    public double round(double value) {
        return this == FLOAT32 ? (float) value : value;
    }

    /**
     * The wider of two types: operations on mixed types compute in the wider one.
     *
     * @param a one operand's type, not null
     * @param b the other operand's type, not null
     * @return {@link #FLOAT64} if either is, otherwise {@link #FLOAT32}
     */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}
