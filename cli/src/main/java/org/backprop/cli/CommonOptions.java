package org.backprop.cli;

import picocli.CommandLine.Option;

/** Options every command takes (a picocli mixin). */
public final class CommonOptions {
    /** Print stack traces with errors ({@link CommandErrors} reads it from the parse result). */
    @Option(names = "--debug", description = "Print the stack trace with an error.")
    boolean debug;
}
