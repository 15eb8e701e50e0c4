package org.backprop.cli;

/** A command-line mistake found after parsing (an option value that does not fit): exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A usage error with its one-line message.
     *
     * @param message the option and why its value does not fit (expected against actual), in one line
     */
    public UsageException(String message) {
        super(message);
    }
}
