package org.backprop.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.backprop.model.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Builds and runs the {@code backprop} command line.
 *
 * <p>Exit codes: {@value #OK} success, {@value #USAGE} bad usage (unknown option, bad value),
 * {@value #FAILURE} bad data or any other failure. Commands return {@link #OK} and throw on an error;
 * {@link CommandErrors} turns every error, of every command, into one line on the error stream,
 * {@code error: …}, and its exit code; with {@code --debug} the stack trace follows.
 */
public final class BackpropCli {
    /** Success. */
    public static final int OK = 0;
    /** Bad data or a failure. */
    public static final int FAILURE = 1;
    /** Bad usage. */
    public static final int USAGE = 2;

    /** The subcommands, in the order {@code --help} lists them: the one place to register a command. */
    public static final List<Supplier<Object>> SUBCOMMANDS = List.of(TrainCommand::new, EvaluateCommand::new,
            PredictCommand::new, InspectCommand::new, ExportCommand::new, ImportCommand::new, ExplainCommand::new, PlaygroundCommand::new,
            ServeCommand::new);

    private BackpropCli() {
    }

    /** The top-level command: it only lists the subcommands. */
    @Command(name = "backprop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Train and run neural networks by backpropagation.", "",
                "Start with:  backprop train   (trains on the built-in 8x8 digits)"},
            synopsisSubcommandLabel = "COMMAND")
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** The library version for {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"backprop " + Provenance.LIBRARY_VERSION + " (Java " + System.getProperty("java.version") + ")"};
        }
    }

    /**
     * The command line writing to {@code out} and {@code err}, with every subcommand registered.
     *
     * @param out where results and help go
     * @param err where error lines ({@code error: …}) and usage hints go
     * @return a new picocli command line, with new subcommand objects; one per run, not to be shared
     *         between threads
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Root());
        for (Supplier<Object> s : SUBCOMMANDS) {
            cl.addSubcommand(s.get());
        }
        return withStreamsAndErrors(cl, out, err);
    }

    /**
     * {@code cl} (and its subcommands, when added before) writing to {@code out} and {@code err}, its
     * errors reported by {@link CommandErrors}.
     */
    static CommandLine withStreamsAndErrors(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        CommandErrors errors = new CommandErrors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl;
    }

    /**
     * Runs {@code args} on a new command line: the in-process form of the {@code backprop} command,
     * as tests use it. Nothing is thrown: every error becomes one line on {@code err} (with the stack
     * trace after it only when {@code args} contains {@code --debug}). Both writers are flushed, not closed.
     *
     * @param args the command and its options, as typed after {@code backprop}
     * @param out  where results go
     * @param err  where error lines go
     * @return the exit code: {@value #OK}, {@value #USAGE} or {@value #FAILURE}
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        int code;
        try {
            code = commandLine(out, err).execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli passes errors (not exceptions) through: they too get one line, not a stack trace
            out.flush();
            err.println("error: " + (e instanceof OutOfMemoryError
                    ? "out of memory (the data or the network is too large for the Java heap, -Xmx); "
                        + "give Java more memory (BACKPROP_JAVA_OPTS=-Xmx…) or use less data or smaller layers"
                    : "the input is nested too deeply to process"));
            if (debug) {
                e.printStackTrace(err);
            }
            code = FAILURE;
        }
        out.flush();
        err.flush();
        return code;
    }
}
