package org.backprop.cli;

/**
 * A command could not do its work for a reason its message explains in full (training diverged, a
 * port is taken): exit code {@value BackpropCli#FAILURE}, one line, no stack trace without {@code --debug}.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure with its one-line message.
     *
     * @param message what failed and why, in one line, printed after {@code error: }
     */
    public CommandFailure(String message) {
        super(message);
    }

    /**
     * A failure with its one-line message and the exception behind it (shown with {@code --debug}).
     *
     * @param message what failed and why, in one line, printed after {@code error: }
     * @param cause   the exception behind it, or {@code null}; its stack trace is printed only with
     *                {@code --debug}
     */
    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
