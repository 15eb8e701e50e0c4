package org.backprop.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major): a batch of 32 rows of 784 features is
 * {@code [32, 784]}. A shape of rank 0 ({@code []}) holds one scalar.
 *
 * <p>Immutable. Every dimension is at least 1 (empty tensors are not needed by a dense network and
 * would only hide mistakes).
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + ": dimension " + i + " is " + dims[i] + ", expected at least 1");
            }
            n *= dims[i];
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than 2^31 elements");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /**
     * A shape with the given dimensions (copied).
     *
     * @param dims the dimensions, outermost first; each at least 1, their product below 2^31;
     *             none for a scalar
     * @return the shape
     * @throws IllegalArgumentException if a dimension is below 1 or the element count exceeds
     *                                  {@code Integer.MAX_VALUE - 8}
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /**
     * The shape of a scalar: rank 0, one element.
     *
     * @return the shape {@code []}
     */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    /**
     * Number of dimensions.
     *
     * @return the rank, 0 for a scalar
     */
    public int rank() {
        return dims.length;
    }

    /**
     * The size of dimension {@code axis}; a negative axis counts from the end ({@code -1} is the last).
     *
     * @param axis in {@code [-rank, rank)}
     * @return the size of that dimension, at least 1
     * @throws IndexOutOfBoundsException if {@code axis} is outside {@code [-rank, rank)}
     */
    public int dim(int axis) {
        int a = axis < 0 ? dims.length + axis : axis;
        if (a < 0 || a >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range for shape " + this);
        }
        return dims[a];
    }

    /**
     * A copy of the dimensions.
     *
     * @return a new array, outermost dimension first, that the caller may change
     */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Number of elements: the product of the dimensions (1 for a scalar).
     *
     * @return the element count, at least 1
     */
    public int size() {
        return size;
    }

    /**
     * Rows of a matrix: the first dimension for rank 2, 1 for rank 1 and 0.
     *
     * @return {@code dim(0)} for rank 2, otherwise 1 (also for rank 3 and more)
     */
    public int rows() {
        return dims.length == 2 ? dims[0] : 1;
    }

    /**
     * Columns of a matrix: the last dimension (1 for a scalar).
     *
     * @return {@code dim(-1)}, or 1 for rank 0
     */
    public int cols() {
        return dims.length == 0 ? 1 : dims[dims.length - 1];
    }

    /**
     * The shape two operands broadcast to, NumPy style: dimensions are aligned from the right and
     * each pair must be equal or contain a 1. The result has rank {@code max(a.rank, b.rank)}, and
     * each dimension is the larger of the pair (a missing dimension counts as 1).
     *
     * @param op the operation's name, used only in the error message (for example {@code "add"})
     * @param a  the first operand's shape
     * @param b  the second operand's shape
     * @return the broadcast shape; {@code a} itself when the two are equal
     * @throws ShapeMismatchException naming {@code op} and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeMismatchException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = Math.max(da, db);
        }
        return new Shape(out);
    }

    /**
     * Row-major strides of this shape as seen from a broadcast {@code target} shape: 0 where this
     * shape has (or lacks) a dimension of size 1 that the target stretches.
     */
    int[] broadcastStrides(Shape target) {
        int rank = target.rank();
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int j = i - (rank - dims.length);
            int d = j >= 0 ? dims[j] : 1;
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Prints as {@code [32, 784]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
