package org.backprop.explain;

/**
 * A network description for {@code explain} that cannot be used: the message names the field or
 * layer and, for shapes, the expected and the actual size, such as
 * {@code layers[1].weights: expected 1 rows of 2 (out × in), row 0 has 3}.
 */
public final class ExplainSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message one line naming the field or layer and what was expected
     */
    public ExplainSpecException(String message) {
        super(message);
    }
}
