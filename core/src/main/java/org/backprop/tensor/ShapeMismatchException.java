package org.backprop.tensor;

/**
 * Thrown when the shapes given to an operation do not fit together. The message always names the
 * operation and prints both shapes, for example
 * {@code matmul: cannot multiply [32, 784] by [128, 10]: inner dimensions 784 and 128 differ}.
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its full message.
     *
     * @param message the one-line message, naming the operation and both shapes
     */
    public ShapeMismatchException(String message) {
        super(message);
    }
}
