package org.backprop.onnx;

/**
 * An ONNX file that cannot be read or imported: not ONNX, truncated, an operator Backprop does not
 * have, shapes that do not chain. The message is one line naming the file and what is wrong where
 * (the node's name and operator, the tensor's name, expected against actual).
 */
public final class OnnxFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A problem described in one line.
     *
     * @param message the file name, then what is wrong where; one line, no stack trace needed to read it
     */
    public OnnxFormatException(String message) {
        super(message);
    }
}
