package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where an error becomes what the user sees and an exit code, for every command.
 *
 * <p>Commands return {@link BackpropCli#OK} and throw when something is wrong; picocli hands the
 * exception here. A bad option (picocli's {@link ParameterException} or our {@link UsageException})
 * prints {@code error: MESSAGE} and {@code Try 'backprop COMMAND --help' for the options.} and exits
 * {@value BackpropCli#USAGE}; anything else prints {@code error: MESSAGE} and exits
 * {@value BackpropCli#FAILURE}. The message is one line. With {@code --debug} the stack trace follows;
 * without it, an error we did not expect (a bug rather than bad input) adds a line saying so.
 */
final class CommandErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        usage(e.getCommandLine(), e);
        return BackpropCli.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof UsageException) {
            usage(command, e);
            return BackpropCli.USAGE;
        }
        PrintWriter w = command.getErr();
        w.println("error: " + message(e));
        if (debug(parseResult)) {
            e.printStackTrace(w);
        } else if (!expected(e)) {
            w.println("(run again with --debug for the stack trace)");
        }
        w.flush();
        return BackpropCli.FAILURE;
    }

    private static void usage(CommandLine command, Exception e) {
        PrintWriter w = command.getErr();
        w.println("error: " + message(e));
        w.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        w.flush();
    }

    /** Whether {@code --debug} was given to the command that ran. */
    private static boolean debug(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Bad input or an unreadable file, as opposed to a bug: its message says all there is to say. */
    private static boolean expected(Exception e) {
        // DataFormatException and ModelFileException are IllegalArgumentExceptions
        return e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof CommandFailure;
    }

    /** The exception's message on one line. */
    static String message(Exception e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "unexpected failure with no message (run again with --debug for the details)";
        }
        m = m.replaceAll("\\R", " ");
        // a message never floods the terminal (one that quotes a 10 MB field, say)
        return m.length() > 2000 ? m.substring(0, 2000) + "… (" + m.length() + " characters)" : m;
    }
}
