package org.backprop.tensor.kernel;

/** Whether a matrix operand of a product is used as stored ({@link #N}) or transposed ({@link #T}), as in BLAS. */
public enum Trans {
    /** Use the matrix as stored. */
    N,
    /** Use the transpose of the stored matrix. */
    T
}
