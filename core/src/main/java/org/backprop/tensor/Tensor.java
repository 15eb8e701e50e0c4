package org.backprop.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.backprop.tensor.kernel.Kernels;
import org.backprop.tensor.kernel.ReferenceGemm;
import org.backprop.tensor.kernel.Trans;

/**
 * A dense, row-major array of numbers with a {@link Shape} and a {@link DType}.
 *
 * <p>Tensors are plain data: they know nothing of gradients (that is {@link org.backprop.autograd}'s
 * job). Operations return new tensors, except those named {@code …InPlace}. Elementwise
 * operations broadcast NumPy style, so adding a bias row {@code [n]} to a batch {@code [m, n]}
 * works directly; shapes that do not fit raise a {@link ShapeMismatchException} naming both.
 *
 * <p>A float32 tensor stores a {@code float[]}, a float64 tensor a {@code double[]}. Arithmetic of
 * the elementwise operations is done in double and rounded once on store.
 *
 * <p><b>Threads</b>: not thread-safe for writing: a tensor that no thread changes may be read by
 * many; one that is being changed (a parameter during training) belongs to one thread.
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    private final float[] f;
    private final double[] d;

    private Tensor(Shape shape, DType dtype, float[] f, double[] d) {
        this.shape = shape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A tensor of zeros.
     *
     * @param dtype the element type
     * @param shape the shape
     * @return a new tensor owned by the caller, every element {@code +0.0}
     */
    public static Tensor zeros(DType dtype, Shape shape) {
        return dtype == DType.FLOAT32
                ? new Tensor(shape, dtype, new float[shape.size()], null)
                : new Tensor(shape, dtype, null, new double[shape.size()]);
    }

    /**
     * A float32 tensor of zeros with the given dimensions.
     *
     * @param dims the dimensions, outermost first, each at least 1; none for a scalar
     * @return a new tensor owned by the caller, every element {@code +0.0}
     * @throws IllegalArgumentException if a dimension is below 1 or there are more than
     *                                  {@code Integer.MAX_VALUE - 8} elements
     */
    public static Tensor zeros(int... dims) {
        return zeros(DType.FLOAT32, Shape.of(dims));
    }

    /**
     * A tensor filled with one value.
     *
     * @param dtype the element type
     * @param shape the shape
     * @param value the value of every element, rounded to {@code dtype}
     * @return a new tensor owned by the caller
     */
    public static Tensor full(DType dtype, Shape shape, double value) {
        Tensor t = zeros(dtype, shape);
        t.fill(value);
        return t;
    }

    /**
     * A scalar (rank-0) tensor.
     *
     * @param dtype the element type
     * @param value the one element, rounded to {@code dtype}
     * @return a new tensor of shape {@code []}
     */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, Shape.scalar(), value);
    }

    /**
     * Wraps a float array without copying: the tensor and the caller share it.
     *
     * @param data  the elements in row-major order; not copied, so later writes through either the
     *              array or the tensor are seen by both
     * @param shape the shape, whose size must equal {@code data.length}
     * @return a float32 tensor viewing {@code data}
     * @throws ShapeMismatchException if the array's length is not the shape's size
     */
    public static Tensor wrap(float[] data, Shape shape) {
        checkLength(data.length, shape);
        return new Tensor(shape, DType.FLOAT32, data, null);
    }

    /**
     * Wraps a double array without copying (a float64 tensor).
     *
     * @param data  the elements in row-major order; not copied, so later writes through either the
     *              array or the tensor are seen by both
     * @param shape the shape, whose size must equal {@code data.length}
     * @return a float64 tensor viewing {@code data}
     * @throws ShapeMismatchException if the array's length is not the shape's size
     */
    public static Tensor wrap(double[] data, Shape shape) {
        checkLength(data.length, shape);
        return new Tensor(shape, DType.FLOAT64, null, data);
    }

    /**
     * A float32 tensor holding a copy of {@code values}, with the given dimensions.
     *
     * @param values the elements in row-major order; copied, so the caller may reuse the array
     * @param dims   the dimensions, outermost first, whose product must equal {@code values.length}
     * @return a new tensor owned by the caller
     * @throws ShapeMismatchException if the product of {@code dims} is not {@code values.length}
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public static Tensor of(float[] values, int... dims) {
        return wrap(values.clone(), Shape.of(dims));
    }

    /**
     * A tensor of the given type holding {@code values} (rounded to the type), with the given dimensions.
     *
     * @param dtype  the element type
     * @param values the elements in row-major order; copied
     * @param dims   the dimensions, outermost first, whose product must equal {@code values.length}
     * @return a new tensor owned by the caller
     * @throws ShapeMismatchException if the product of {@code dims} is not {@code values.length}
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public static Tensor of(DType dtype, double[] values, int... dims) {
        Shape shape = Shape.of(dims);
        checkLength(values.length, shape);
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        return t;
    }

    /**
     * A 1-D tensor holding {@code values}.
     *
     * @param dtype  the element type
     * @param values the elements, at least one; copied and rounded to {@code dtype}
     * @return a new tensor of shape {@code [values.length]}
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Tensor vector(DType dtype, double... values) {
        return of(dtype, values, values.length);
    }

    /**
     * A matrix from rows given as {@code double[row][col]}.
     *
     * @param dtype the element type
     * @param rows  the rows, at least one, all of the same non-zero length; copied and rounded to
     *              {@code dtype}
     * @return a new {@code [rows.length, rows[0].length]} tensor owned by the caller
     * @throws IllegalArgumentException if there are no rows or no columns, or the rows are ragged
     *                                  (naming the first short or long row)
     */
    public static Tensor matrix(DType dtype, double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("matrix: no rows given");
        }
        int cols = rows[0].length;
        Tensor t = zeros(dtype, Shape.of(rows.length, cols));
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix: row " + i + " has " + rows[i].length
                        + " values, expected " + cols + " like row 0");
            }
            for (int j = 0; j < cols; j++) {
                t.set(i * cols + j, rows[i][j]);
            }
        }
        return t;
    }

    private static void checkLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new ShapeMismatchException("data of length " + length + " does not fit shape " + shape
                    + " (" + shape.size() + " elements)");
        }
    }

    // ---------------------------------------------------------------- access

    /**
     * The shape.
     *
     * @return the shape, immutable
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The element type.
     *
     * @return {@link DType#FLOAT32} or {@link DType#FLOAT64}
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Number of elements.
     *
     * @return the product of the dimensions, at least 1
     */
    public int size() {
        return shape.size();
    }

    /**
     * Element {@code i} in row-major order.
     *
     * @param i the flat index, in {@code [0, size())}
     * @return the element, widened to double
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of range
     */
    public double get(int i) {
        return f != null ? f[i] : d[i];
    }

    /**
     * Element at row {@code r}, column {@code c} of a matrix: flat index {@code r · cols + c}.
     *
     * @param r the row, in {@code [0, rows)}
     * @param c the column, in {@code [0, cols)}; not checked against the row length, so a too-large
     *          column reads into the next row
     * @return the element, widened to double
     * @throws ArrayIndexOutOfBoundsException if the flat index is out of range
     */
    public double get(int r, int c) {
        return get(r * shape.cols() + c);
    }

    /**
     * Sets element {@code i} (rounded to the dtype).
     *
     * @param i     the flat index in row-major order, in {@code [0, size())}
     * @param value the new value, rounded to the nearest float for a float32 tensor
     * @throws ArrayIndexOutOfBoundsException if {@code i} is out of range
     */
    public void set(int i, double value) {
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    /**
     * Sets the element at row {@code r}, column {@code c} of a matrix: flat index {@code r · cols + c}.
     *
     * @param r     the row, in {@code [0, rows)}
     * @param c     the column, in {@code [0, cols)}; not checked against the row length
     * @param value the new value, rounded to the dtype
     * @throws ArrayIndexOutOfBoundsException if the flat index is out of range
     */
    public void set(int r, int c, double value) {
        set(r * shape.cols() + c, value);
    }

    /**
     * The value of a one-element tensor.
     *
     * @return the only element, widened to double
     * @throws ShapeMismatchException if the tensor has more than one element
     */
    public double item() {
        if (size() != 1) {
            throw new ShapeMismatchException("item: tensor of shape " + shape + " has " + size()
                    + " elements, expected 1");
        }
        return get(0);
    }

    /**
     * The backing float array of a float32 tensor, shared, not copied: kernels write into it.
     *
     * @return the tensor's own array, {@code size()} elements in row-major order; writes to it change
     *         the tensor
     * @throws IllegalStateException for a float64 tensor
     */
    public float[] floatData() {
        if (f == null) {
            throw new IllegalStateException("floatData: tensor is " + dtype + ", not FLOAT32");
        }
        return f;
    }

    /**
     * The backing double array of a float64 tensor, shared, not copied.
     *
     * @return the tensor's own array, {@code size()} elements in row-major order; writes to it change
     *         the tensor
     * @throws IllegalStateException for a float32 tensor
     */
    public double[] doubleData() {
        if (d == null) {
            throw new IllegalStateException("doubleData: tensor is " + dtype + ", not FLOAT64");
        }
        return d;
    }

    /**
     * A copy of the elements as doubles, row-major.
     *
     * @return a new array of {@code size()} elements owned by the caller
     */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * A copy of the elements as floats, row-major.
     *
     * @return a new array of {@code size()} elements owned by the caller (float64 elements rounded to
     *         the nearest float)
     */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }

    /**
     * A copy of a matrix as {@code double[rows][cols]} (a vector becomes one row).
     *
     * @return a new {@code [rows][cols]} array owned by the caller; a rank-1 tensor gives one row, a
     *         scalar {@code [1][1]}; for rank 3 and more only the first {@code cols} elements, as one
     *         row (see {@link Shape#rows()})
     */
    public double[][] toRows() {
        int rows = shape.rows();
        int cols = shape.cols();
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = get(i * cols + j);
            }
        }
        return out;
    }

    /**
     * A deep copy.
     *
     * @return a new tensor of the same shape and dtype with its own copy of the elements
     */
    public Tensor copy() {
        return f != null ? new Tensor(shape, dtype, f.clone(), null) : new Tensor(shape, dtype, null, d.clone());
    }

    /**
     * This tensor converted to {@code target} (a copy, even when the type is the same).
     *
     * @param target the element type of the result
     * @return a new tensor of the same shape; converting to float32 rounds each element to the nearest
     *         float
     */
    public Tensor to(DType target) {
        if (target == dtype) {
            return copy();
        }
        Tensor t = zeros(target, shape);
        for (int i = 0; i < size(); i++) {
            t.set(i, get(i));
        }
        return t;
    }

    /**
     * The same elements seen with another shape of the same size (a copy).
     *
     * @param dims the new dimensions, outermost first, each at least 1, with the same product as
     *             this shape
     * @return a new tensor with its own copy of the elements, in the same row-major order
     * @throws IllegalArgumentException if a dimension is below 1
     * @throws ShapeMismatchException if the sizes differ
     */
    public Tensor reshape(int... dims) {
        Shape target = Shape.of(dims);
        if (target.size() != size()) {
            throw new ShapeMismatchException("reshape: cannot view " + shape + " (" + size()
                    + " elements) as " + target + " (" + target.size() + " elements)");
        }
        return f != null ? new Tensor(target, dtype, f.clone(), null) : new Tensor(target, dtype, null, d.clone());
    }

    // ---------------------------------------------------------------- in-place

    /**
     * Sets every element to {@code value}.
     *
     * @param value the new value of every element, rounded to the dtype
     */
    public void fill(double value) {
        if (f != null) {
            Arrays.fill(f, (float) value);
        } else {
            Arrays.fill(d, value);
        }
    }

    /**
     * Copies the elements of {@code source} (same shape; converted if the type differs) into this tensor.
     *
     * @param source the tensor to copy from, of this shape; only read (it may be this tensor)
     * @throws ShapeMismatchException if the shapes differ
     */
    public void copyFrom(Tensor source) {
        requireSameShape("copyFrom", source);
        if (f != null && source.f != null) {
            System.arraycopy(source.f, 0, f, 0, f.length);
        } else if (d != null && source.d != null) {
            System.arraycopy(source.d, 0, d, 0, d.length);
        } else {
            for (int i = 0; i < size(); i++) {
                set(i, source.get(i));
            }
        }
    }

    /**
     * {@code this += other} elementwise (same shape): how gradients accumulate.
     *
     * @param other the tensor to add, of this shape and of either dtype; only read
     * @throws ShapeMismatchException if the shapes differ (no broadcasting here)
     */
    public void addInPlace(Tensor other) {
        requireSameShape("addInPlace", other);
        if (f != null && other.f != null) {
            for (int i = 0; i < f.length; i++) {
                f[i] += other.f[i];
            }
        } else {
            for (int i = 0; i < size(); i++) {
                set(i, get(i) + other.get(i));
            }
        }
    }

    /**
     * {@code this += alpha · other} elementwise (same shape), computed in double and rounded once per element.
     *
     * @param alpha the factor on {@code other}
     * @param other the tensor to add, of this shape and of either dtype; only read
     * @throws ShapeMismatchException if the shapes differ (no broadcasting here)
     */
    public void addScaledInPlace(double alpha, Tensor other) {
        requireSameShape("addScaledInPlace", other);
        for (int i = 0; i < size(); i++) {
            set(i, get(i) + alpha * other.get(i));
        }
    }

    /**
     * {@code this *= alpha}, computed in double and rounded once per element.
     *
     * @param alpha the factor on every element
     */
    public void scaleInPlace(double alpha) {
        for (int i = 0; i < size(); i++) {
            set(i, get(i) * alpha);
        }
    }

    /**
     * Applies {@code fn} to every element in place, in row-major order.
     *
     * @param fn the function, given each element widened to double; its result is rounded to the dtype
     */
    public void mapInPlace(DoubleUnaryOperator fn) {
        for (int i = 0; i < size(); i++) {
            set(i, fn.applyAsDouble(get(i)));
        }
    }

    /**
     * Throws a {@link ShapeMismatchException} naming {@code op} unless {@code other} has this shape.
     *
     * @param op    the operation's name, the message's first word (for example {@code "addInPlace"})
     * @param other the tensor whose shape must equal this one's
     * @throws ShapeMismatchException if the shapes differ, naming {@code op} and both shapes
     */
    public void requireSameShape(String op, Tensor other) {
        if (!shape.equals(other.shape)) {
            throw new ShapeMismatchException(op + ": shapes " + shape + " and " + other.shape + " differ");
        }
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * {@code fn} applied to every element.
     *
     * @param fn the function, given each element widened to double; its result is rounded to the dtype
     * @return a new tensor of this shape and dtype
     */
    public Tensor map(DoubleUnaryOperator fn) {
        Tensor out = zeros(dtype, shape);
        for (int i = 0; i < size(); i++) {
            out.set(i, fn.applyAsDouble(get(i)));
        }
        return out;
    }

    /**
     * {@code fn(this, other)} elementwise, broadcasting NumPy style. The result has the wider dtype.
     *
     * @param op    the operation's name, for the error message when the shapes do not broadcast
     * @param other the right-hand operand, of a shape that broadcasts with this one (see
     *              {@link Shape#broadcast})
     * @param fn    the function, given {@code (this element, other element)} as doubles; its result
     *              is rounded once to the result's dtype
     * @return a new tensor of the broadcast shape and of the wider of the two dtypes
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public Tensor zip(String op, Tensor other, DoubleBinaryOperator fn) {
        Shape outShape = Shape.broadcast(op, shape, other.shape);
        Tensor out = zeros(DType.promote(dtype, other.dtype), outShape);
        if (shape.equals(other.shape)) {
            for (int i = 0; i < size(); i++) {
                out.set(i, fn.applyAsDouble(get(i), other.get(i)));
            }
            return out;
        }
        int[] dims = outShape.dims();
        int[] sa = shape.broadcastStrides(outShape);
        int[] sb = other.shape.broadcastStrides(outShape);
        int[] index = new int[dims.length];
        int ia = 0;
        int ib = 0;
        for (int i = 0; i < out.size(); i++) {
            out.set(i, fn.applyAsDouble(get(ia), other.get(ib)));
            // advance the multi-index like an odometer, keeping both input offsets in step
            for (int axis = dims.length - 1; axis >= 0; axis--) {
                index[axis]++;
                ia += sa[axis];
                ib += sb[axis];
                if (index[axis] < dims[axis]) {
                    break;
                }
                ia -= sa[axis] * dims[axis];
                ib -= sb[axis] * dims[axis];
                index[axis] = 0;
            }
        }
        return out;
    }

    /**
     * {@code this + other}, broadcasting.
     *
     * @param other the right-hand operand, of a shape that broadcasts with this one
     * @return a new tensor of the broadcast shape and the wider dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public Tensor add(Tensor other) {
        return zip("add", other, Double::sum);
    }

    /**
     * {@code this − other}, broadcasting.
     *
     * @param other the right-hand operand, of a shape that broadcasts with this one
     * @return a new tensor of the broadcast shape and the wider dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public Tensor sub(Tensor other) {
        return zip("sub", other, (a, b) -> a - b);
    }

    /**
     * {@code this · other} elementwise, broadcasting.
     *
     * @param other the right-hand operand, of a shape that broadcasts with this one
     * @return a new tensor of the broadcast shape and the wider dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public Tensor mul(Tensor other) {
        return zip("mul", other, (a, b) -> a * b);
    }

    /**
     * {@code this / other} elementwise, broadcasting.
     *
     * @param other the right-hand operand, of a shape that broadcasts with this one
     * @return a new tensor of the broadcast shape and the wider dtype (IEEE division: {@code x/0} is ±infinity or NaN)
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public Tensor div(Tensor other) {
        return zip("div", other, (a, b) -> a / b);
    }

    /**
     * {@code alpha · this}, computed in double and rounded once per element.
     *
     * @param alpha the factor on every element
     * @return a new tensor of this shape and dtype
     */
    public Tensor scale(double alpha) {
        return map(x -> alpha * x);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The sum of all elements, accumulated in double in row-major order.
     *
     * @return the sum (NaN if any element is NaN)
     */
    public double sum() {
        double s = 0;
        for (int i = 0; i < size(); i++) {
            s += get(i);
        }
        return s;
    }

    /**
     * The largest element.
     *
     * @return the largest element; NaN if any element is NaN
     */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size(); i++) {
            m = Math.max(m, get(i));
        }
        return m;
    }

    /**
     * Sums this tensor down to {@code target}, the shape it was broadcast from: the reverse of
     * broadcasting, used by backward rules (a bias added to every row gets the sum of the rows'
     * gradients). Each element of the result is the sum, in double and in row-major order, of the
     * elements of this tensor that broadcasting would copy it to.
     *
     * @param target the shape to sum down to; it must broadcast to exactly this shape
     * @return a new tensor of shape {@code target} and this dtype (a copy when the shapes are equal)
     * @throws ShapeMismatchException if {@code target} does not broadcast to this shape
     */
    public Tensor sumTo(Shape target) {
        if (target.equals(shape)) {
            return copy();
        }
        Shape check = Shape.broadcast("sumTo", target, shape);
        if (!check.equals(shape)) {
            throw new ShapeMismatchException("sumTo: " + target + " does not broadcast to " + shape);
        }
        double[] acc = new double[target.size()];
        if (shape.rank() == 2 && target.size() == shape.cols() && target.size() > 0
                && (target.rank() == 1 || target.rank() == 2 && target.dim(0) == 1)) {
            // a matrix summed to a row: the bias-gradient reduction, written once in Reductions
            if (dtype == DType.FLOAT32) {
                Reductions.columnSums(floatData(), shape.rows(), shape.cols(), acc);
            } else {
                Reductions.columnSums(doubleData(), shape.rows(), shape.cols(), acc);
            }
        } else {
            sumBroadcast(target, acc);
        }
        Tensor out = zeros(dtype, target);
        for (int i = 0; i < acc.length; i++) {
            out.set(i, acc[i]);
        }
        return out;
    }

    /** Adds every element into {@code acc[j]}, {@code j} its index in {@code target} (the broadcast's inverse). */
    private void sumBroadcast(Shape target, double[] acc) {
        int[] dims = shape.dims();
        int[] st = target.broadcastStrides(shape);
        int[] index = new int[dims.length];
        int it = 0;
        for (int i = 0; i < size(); i++) {
            acc[it] += get(i);
            for (int axis = dims.length - 1; axis >= 0; axis--) {
                index[axis]++;
                it += st[axis];
                if (index[axis] < dims[axis]) {
                    break;
                }
                it -= st[axis] * dims[axis];
                index[axis] = 0;
            }
        }
    }

    /**
     * Index of the largest element in each row of a matrix (first one on ties).
     *
     * @return a new array with one column index in {@code [0, cols)} per row ({@link Shape#rows()}
     *         entries; one for a vector); a NaN is chosen only when it is the row's first element
     */
    public int[] argmaxRows() {
        int rows = shape.rows();
        int cols = shape.cols();
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (get(r * cols + c) > get(r * cols + best)) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * The matrix product {@code this · other}, that is {@link #matmul(Tensor, Trans, Tensor, Trans)
     * matmul(this, N, other, N)}.
     *
     * @param other the right-hand {@code [k, n]} matrix, for this {@code [m, k]} matrix
     * @return a new {@code [m, n]} tensor, float32 when both operands are, float64 otherwise
     * @throws ShapeMismatchException if either is not a matrix or the inner dimensions differ
     */
    public Tensor matmul(Tensor other) {
        return matmul(this, Trans.N, other, Trans.N);
    }

    /**
     * The matrix product {@code op(a) · op(b)} of two matrices, each optionally transposed.
     * Float32 products run on the fastest available {@link org.backprop.tensor.kernel.Gemm};
     * a float64 product (or a mixed one) runs the reference kernel in double.
     *
     * @param a  the left matrix, stored {@code [m, k]} ({@code ta = N}) or {@code [k, m]} ({@code ta = T})
     * @param ta whether {@code a} is used as stored or transposed
     * @param b  the right matrix, stored {@code [k, n]} ({@code tb = N}) or {@code [n, k]} ({@code tb = T})
     * @param tb whether {@code b} is used as stored or transposed
     * @return a new {@code [m, n]} tensor, float32 when both operands are, float64 otherwise
     * @throws ShapeMismatchException if the operands are not matrices or their inner dimensions differ
     */
    public static Tensor matmul(Tensor a, Trans ta, Tensor b, Trans tb) {
        if (a.shape.rank() != 2 || b.shape.rank() != 2) {
            throw new ShapeMismatchException("matmul: operands must be matrices, got " + a.shape + " and " + b.shape);
        }
        int m = ta == Trans.N ? a.shape.dim(0) : a.shape.dim(1);
        int k = ta == Trans.N ? a.shape.dim(1) : a.shape.dim(0);
        int kb = tb == Trans.N ? b.shape.dim(0) : b.shape.dim(1);
        int n = tb == Trans.N ? b.shape.dim(1) : b.shape.dim(0);
        if (k != kb) {
            throw new ShapeMismatchException("matmul: cannot multiply " + describe(a.shape, ta) + " by "
                    + describe(b.shape, tb) + ": inner dimensions " + k + " and " + kb + " differ");
        }
        if (a.dtype == DType.FLOAT32 && b.dtype == DType.FLOAT32) {
            Tensor out = zeros(DType.FLOAT32, Shape.of(m, n));
            Kernels.gemm().sgemm(ta, tb, m, n, k, a.f, b.f, 0f, out.f);
            return out;
        }
        Tensor out = zeros(DType.FLOAT64, Shape.of(m, n));
        ReferenceGemm.dgemm(ta, tb, m, n, k, a.to(DType.FLOAT64).d, b.to(DType.FLOAT64).d, 0, out.d);
        return out;
    }

    private static String describe(Shape s, Trans t) {
        return t == Trans.N ? s.toString() : s + "ᵀ";
    }

    /**
     * The transpose of a matrix (a copy).
     *
     * @return a new {@code [cols, rows]} tensor of this dtype
     * @throws ShapeMismatchException if this is not a matrix (rank 2)
     */
    public Tensor transpose() {
        if (shape.rank() != 2) {
            throw new ShapeMismatchException("transpose: expected a matrix, got shape " + shape);
        }
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        Tensor out = zeros(dtype, Shape.of(cols, rows));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.set(j * rows + i, get(i * cols + j));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- equality and printing

    /**
     * True if both have the same shape and every pair of elements differs by at most {@code tolerance}.
     *
     * @param other     the tensor to compare with, of either dtype
     * @param tolerance the largest allowed absolute difference {@code |a − b|}, at least 0
     * @return false if the shapes differ or any pair is further apart; a NaN element never counts as
     *         close
     */
    public boolean allClose(Tensor other, double tolerance) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (!(Math.abs(get(i) - other.get(i)) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** Same shape, same dtype and bit-identical elements. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && dtype == t.dtype
                && (f != null ? Arrays.equals(f, t.f) : Arrays.equals(d, t.d));
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + (f != null ? Arrays.hashCode(f) : Arrays.hashCode(d));
    }

    /** Prints the shape, the dtype and up to 20 elements, as {@code Tensor[2, 3] FLOAT32 [1.0, 2.0, …]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(' ').append(dtype).append(" [");
        int n = Math.min(size(), 20);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(f != null ? Float.toString(f[i]) : Double.toString(d[i]));
        }
        return sb.append(size() > n ? ", …]" : "]").toString();
    }
}
