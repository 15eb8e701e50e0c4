package org.backprop.autograd.ops;

/**
 * An activation {@code a = f(z)} as loops over a row-major float block of {@code rows × cols}:
 * the form the fused engine and the predictor run, and the one the graph ops run on float32
 * tensors, so each formula is written once.
 *
 * <ul>
 *   <li>{@link #forward}: {@code a = f(z)}; {@code a} may be the same array as {@code z}.</li>
 *   <li>{@link #backward}: turns {@code g = ∂L/∂a} into {@code ∂L/∂z} in place, from {@code z}
 *       and {@code a} (the Jacobian-vector product: {@code g ⊙ f'(z)} for an elementwise function,
 *       per row for softmax).</li>
 * </ul>
 *
 * <p>Every {@link ElementwiseFunction} is one (through its {@code value} and {@code derivative});
 * {@link Softmax#ROWS} and {@link LogSoftmax#ROWS} are the row-wise ones.
 *
 * <p><b>Threads</b>: a kernel keeps nothing between calls (it writes only the arrays it is given),
 * so one instance may run on any number of threads at once, each on its own arrays.
 */
public interface RowKernel {

    /**
     * {@code a = f(z)} over {@code rows × cols} values; {@code a} may be {@code z}.
     *
     * @param z    the inputs, row-major, at least {@code rows · cols} long; not modified unless it is
     *         {@code a}
     * @param a    receives the outputs, at least {@code rows · cols} long
     * @param rows the number of rows (for a row-wise kernel, the independent rows normalised separately)
     * @param cols the number of columns per row
     */
    void forward(float[] z, float[] a, int rows, int cols);

    /**
     * {@code g ← ∂L/∂z} from {@code g = ∂L/∂a}, in place, given the forward's {@code z} and {@code a}.
     *
     * @param z    the forward's inputs, {@code rows × cols}, unchanged since the forward
     * @param a    the forward's outputs, {@code rows × cols}
     * @param g    on entry {@code ∂L/∂a}, on return {@code ∂L/∂z}, {@code rows × cols}
     * @param rows the number of rows
     * @param cols the number of columns per row
     */
    void backward(float[] z, float[] a, float[] g, int rows, int cols);

    /**
     * Whether {@code f(z) = z}, so that a caller may let {@code a} share {@code z}'s buffer and skip
     * both passes.
     *
     * @return {@code true} only for the identity function; the default is {@code false}
     */
    default boolean isIdentity() {
        return false;
    }
}
