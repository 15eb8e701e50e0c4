package org.backprop.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/** Options every command takes (a picocli mixin). */
public final class CommonOptions {
    /** The logger of the library, kept so that its level stays set. */
    private static final Logger LIBRARY = Logger.getLogger("org.backprop");

    /** Print stack traces with errors. */
    @Option(names = "--debug", description = "Print the stack trace with an error.")
    boolean debug;

    /**
     * Shows the library's log, such as which matrix kernel runs ({@code FINE} records on standard
     * error); without it they are not printed, so an error is the first line a run prints.
     */
    @Option(names = "--verbose", description = "Also print the library's log on standard error (such as the matrix kernel in use).")
    void verbose(boolean on) {
        if (on && LIBRARY.getLevel() != Level.FINE) {
            LIBRARY.setLevel(Level.FINE);
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(Level.FINE);
            LIBRARY.addHandler(h);
            LIBRARY.setUseParentHandlers(false);
        }
    }
}
