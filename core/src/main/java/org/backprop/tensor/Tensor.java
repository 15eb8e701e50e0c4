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

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, Shape shape) {
        return dtype == DType.FLOAT32
                ? new Tensor(shape, dtype, new float[shape.size()], null)
                : new Tensor(shape, dtype, null, new double[shape.size()]);
    }

    /** A float32 tensor of zeros with the given dimensions. */
    public static Tensor zeros(int... dims) {
        return zeros(DType.FLOAT32, Shape.of(dims));
    }

    /** A tensor filled with one value. */
    public static Tensor full(DType dtype, Shape shape, double value) {
        Tensor t = zeros(dtype, shape);
        t.fill(value);
        return t;
    }

    /** A scalar (rank-0) tensor. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, Shape.scalar(), value);
    }

    /**
     * Wraps a float array without copying: the tensor and the caller share it.
     *
     * @throws ShapeMismatchException if the array's length is not the shape's size
     */
    public static Tensor wrap(float[] data, Shape shape) {
        checkLength(data.length, shape);
        return new Tensor(shape, DType.FLOAT32, data, null);
    }

    /** Wraps a double array without copying (a float64 tensor). */
    public static Tensor wrap(double[] data, Shape shape) {
        checkLength(data.length, shape);
        return new Tensor(shape, DType.FLOAT64, null, data);
    }

    /** A float32 tensor holding a copy of {@code values}, with the given dimensions. */
    public static Tensor of(float[] values, int... dims) {
        return wrap(values.clone(), Shape.of(dims));
    }

    /** A tensor of the given type holding {@code values} (rounded to the type), with the given dimensions. */
    public static Tensor of(DType dtype, double[] values, int... dims) {
        Shape shape = Shape.of(dims);
        checkLength(values.length, shape);
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        return t;
    }

    /** A 1-D tensor holding {@code values}. */
    public static Tensor vector(DType dtype, double... values) {
        return of(dtype, values, values.length);
    }

    /**
     * A matrix from rows given as {@code double[row][col]}.
     *
     * @throws IllegalArgumentException if the rows are ragged, naming the first short or long row
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

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** Element {@code i} in row-major order. */
    public double get(int i) {
        return f != null ? f[i] : d[i];
    }

    /** Element at row {@code r}, column {@code c} of a matrix. */
    public double get(int r, int c) {
        return get(r * shape.cols() + c);
    }

    /** Sets element {@code i} (rounded to the dtype). */
    public void set(int i, double value) {
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    /** Sets the element at row {@code r}, column {@code c} of a matrix. */
    public void set(int r, int c, double value) {
        set(r * shape.cols() + c, value);
    }

    /** The value of a one-element tensor. */
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
     * @throws IllegalStateException for a float32 tensor
     */
    public double[] doubleData() {
        if (d == null) {
            throw new IllegalStateException("doubleData: tensor is " + dtype + ", not FLOAT64");
        }
        return d;
    }

    /** A copy of the elements as doubles, row-major. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** A copy of the elements as floats, row-major. */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }

    /** A copy of a matrix as {@code double[rows][cols]} (a vector becomes one row). */
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

    /** A deep copy. */
    public Tensor copy() {
        return f != null ? new Tensor(shape, dtype, f.clone(), null) : new Tensor(shape, dtype, null, d.clone());
    }

    /** This tensor converted to {@code target} (a copy, even when the type is the same). */
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

    /** Sets every element to {@code value}. */
    public void fill(double value) {
        if (f != null) {
            Arrays.fill(f, (float) value);
        } else {
            Arrays.fill(d, value);
        }
    }

    /** Copies the elements of {@code source} (same shape; converted if the type differs) into this tensor. */
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

    /** {@code this += other} elementwise (same shape): how gradients accumulate. */
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

    /** {@code this += alpha · other} elementwise (same shape). */
    public void addScaledInPlace(double alpha, Tensor other) {
        requireSameShape("addScaledInPlace", other);
        for (int i = 0; i < size(); i++) {
            set(i, get(i) + alpha * other.get(i));
        }
    }

    /** {@code this *= alpha}. */
    public void scaleInPlace(double alpha) {
        for (int i = 0; i < size(); i++) {
            set(i, get(i) * alpha);
        }
    }

    /** Applies {@code fn} to every element in place. */
    public void mapInPlace(DoubleUnaryOperator fn) {
        for (int i = 0; i < size(); i++) {
            set(i, fn.applyAsDouble(get(i)));
        }
    }

    /** Throws a {@link ShapeMismatchException} naming {@code op} unless {@code other} has this shape. */
    public void requireSameShape(String op, Tensor other) {
        if (!shape.equals(other.shape)) {
            throw new ShapeMismatchException(op + ": shapes " + shape + " and " + other.shape + " differ");
        }
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code fn} applied to every element. */
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
     * @param op the operation's name, for the error message when the shapes do not broadcast
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

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return zip("add", other, Double::sum);
    }

    /** {@code this − other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return zip("sub", other, (a, b) -> a - b);
    }

    /** {@code this · other} elementwise, broadcasting. */
    public Tensor mul(Tensor other) {
        return zip("mul", other, (a, b) -> a * b);
    }

    /** {@code this / other} elementwise, broadcasting. */
    public Tensor div(Tensor other) {
        return zip("div", other, (a, b) -> a / b);
    }

    /** {@code alpha · this}. */
    public Tensor scale(double alpha) {
        return map(x -> alpha * x);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, accumulated in double in row-major order. */
    public double sum() {
        double s = 0;
        for (int i = 0; i < size(); i++) {
            s += get(i);
        }
        return s;
    }

    /** The largest element. */
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
     * gradients).
     *
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

    /** Index of the largest element in each row of a matrix (first one on ties). */
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

    /** The matrix product {@code this · other}. */
    public Tensor matmul(Tensor other) {
        return matmul(this, Trans.N, other, Trans.N);
    }

    /**
     * The matrix product {@code op(a) · op(b)} of two matrices, each optionally transposed.
     * Float32 products run on the fastest available {@link org.backprop.tensor.kernel.Gemm};
     * a float64 product (or a mixed one) runs the reference kernel in double.
     *
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

    /** The transpose of a matrix (a copy). */
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

    /** True if both have the same shape and every pair of elements differs by at most {@code tolerance}. */
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
